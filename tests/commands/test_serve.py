"""`python build.py serve`, run as an editor runs it: a subprocess on a tiny paper, asked over HTTP and
watched in chromium."""
from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO
from served import WAIT, Served, raw_get, wait_until
from epaper.core.errors import Problem
import epaper.commands.serve
from epaper.commands.serve import QUIET, Preview, error_page, reload_path, touched_editions

@pytest.fixture
def served():
    """Start `build.py serve` on a paper: `served(paper, *args)`; stopped after the test."""
    running = []

    def start(paper, *args, env=None) -> Served:
        s = Served(paper.root, *args, env=env)
        running.append(s)
        return s
    yield start
    for s in running:
        s.stop()


@pytest.fixture
def live_paper(paper):
    """One edition of one page with two articles, one of them a draft, and an edition dated in the future."""
    paper.write("content/2024-11-25/edition.yaml", "number: 第 100 期\npages:\n  1: {name: 一版要闻}\n")
    paper.article("2024-11-25/01/lead.md", "title: 头条新闻\norder: 1")
    paper.article("2024-11-25/01/unfinished.md", "title: 还在写的稿子\norder: 2\ndraft: true")
    paper.write("content/2999-01-01/edition.yaml", "number: 第 9999 期\npages:\n  1: {name: 一版要闻}\n")
    paper.article("2999-01-01/01/tomorrow.md", "title: 明天的新闻")
    return paper


# --- what it serves ----------------------------------------------------------------------------

def test_can_preview_drafts_and_future_editions_marked_and_build_leaves_them_out(live_paper, served):
    s = served(live_paper)
    status, _, html = s.get("2024-11-25/01/unfinished.html")
    assert status == 200 and "还在写的稿子" in html and '<span class="badge">草稿</span>' in html
    status, _, html = s.get("2999-01-01/01/index.html")
    assert status == 200 and "明天的新闻" in html and '<span class="badge">未发布</span>' in html
    assert not live_paper.public.exists()          # the preview never writes public/

    live_paper.build()
    files = live_paper.files()
    assert "2024-11-25/01/lead.html" in files
    assert "2024-11-25/01/unfinished.html" not in files and not any(f.startswith("2999") for f in files)
    assert "还在写的稿子" not in live_paper.read("2024-11-25/01/index.html")


def test_preview_leaves_out_the_offline_zip_that_build_makes(live_paper, served):
    """Making the ZIP took longer than the rest of a rebuild after a save: the preview skips it."""
    s = served(live_paper)
    assert 'class="offline"' not in s.get("2024-11-25/01/index.html")[2]
    assert s.get("2024-11-25/2024-11-25-offline.zip")[0] == 404
    live_paper.build()
    assert 'class="offline"' in live_paper.read("2024-11-25/01/index.html")
    assert "2024-11-25/2024-11-25-offline.zip" in live_paper.files()


def test_serves_files_with_their_content_types_and_answers_head(live_paper, served):
    s = served(live_paper)
    for name in ("x.webp", "x.avif", "x.pdf", "x.json", "x.xml"):
        (s.out / name).write_bytes(b"1")        # the kinds of file a paper publishes beside its pages
    expected = {"x.webp": "image/webp", "x.avif": "image/avif", "x.pdf": "application/pdf",
                "x.json": "application/json", "x.xml": "application/xml",
                "assets/style.css": "text/css; charset=utf-8", "assets/epaper.js": "text/javascript; charset=utf-8",
                "2024-11-25/01/lead.html": "text/html; charset=utf-8"}
    for path, content_type in expected.items():
        status, headers, _ = s.get(path)
        assert (status, headers["Content-Type"]) == (200, content_type), path
    status, headers, body = s.get("2024-11-25/01/lead.html", method="HEAD")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8" and body == ""
    status, _, html = s.get("2024-11-25/01/")
    assert status == 200 and "头条新闻" in html          # a folder means its index.html


def test_unknown_paths_get_the_sites_own_404_page(live_paper, served):
    s = served(live_paper)
    for path in ("no-such-page.html", "2024-11-25/09/index.html", "assets/missing.css", "2024-11-26/"):
        status, headers, html = s.get(path)
        assert status == 404, path
        assert "页面不存在" in html and headers["Content-Type"] == "text/html; charset=utf-8"
        assert "/livereload.js" in html          # so that it, too, turns into the page once it exists
    assert s.get("no-such-page.html", method="HEAD")[0] == 404


def test_serves_nothing_outside_the_output_folder(live_paper, served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    s = served(live_paper)
    (s.out / "leak.txt").symlink_to(secret)
    (s.out / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    for path in ("../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt", "assets/..%2f..%2fsecret.txt",
                 "leak.txt", "leakdir/secret.txt", "a%00b.html"):
        status, body = raw_get(s.url, "/" + path)
        assert status == 404 and "top secret" not in body, path


# --- rebuilding --------------------------------------------------------------------------------

def test_saving_ten_files_at_once_rebuilds_once(live_paper, served):
    s = served(live_paper)
    assert s.builds() == 1
    for i in range(10):                                 # what a `git pull` does
        live_paper.article(f"2024-11-25/01/new-{i}.md", f"title: 新稿 {i}\norder: {10 + i}")
    s.wait_for_line(r"^Built \d", count=2)
    time.sleep(0.6)                                     # longer than the longest a burst is gathered
    assert s.builds() == 2
    status, _, html = s.get("2024-11-25/01/index.html")
    assert status == 200 and all(f"新稿 {i}" in html for i in range(10))


def test_saving_site_yaml_or_a_layout_rebuilds(live_paper, served):
    s = served(live_paper)
    live_paper.write("site.yaml", "name: 改名日报\nlanguage: zh-CN\n")
    s.wait_for_line(r"^Built \d", count=2)
    assert "改名日报" in s.get("2024-11-25/01/lead.html")[2]
    layout = live_paper.root / "layouts/404.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace("<h1>", '<h1 class="changed">'), encoding="utf-8")
    s.wait_for_line(r"^Built \d", count=3)
    assert '<h1 class="changed">' in s.get("no-such-page.html")[2]


def test_build_error_shows_problems_instead_of_every_page_until_fixed(live_paper, served):
    s = served(live_paper)
    article = live_paper.root / "content/2024-11-25/01/lead.md"
    good = article.read_text(encoding="utf-8")
    article.write_text("---\ntitle: 头条新闻\norder: <script>alert(1)</script>\n---\n\n正文\n", encoding="utf-8")
    s.wait_for_line(r"^Build failed: 1 error")
    assert s.proc.poll() is None
    assert s.matching(r"^content/2024-11-25/01/lead\.md:3: error: 'order' must be a number")  # file and line
    for path in ("2024-11-25/01/lead.html", "index.html", "", "archive/index.html", "no-such-page.html"):
        status, headers, html = s.get(path)
        assert status == 500 and "Build failed: 1 error(s)" in html, path
    assert "content/2024-11-25/01/lead.md:3" in html and "Write e.g. &#x27;order: 2&#x27;." in html and "/livereload.js" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert s.get("assets/style.css")[0] == 200                            # stylesheets and images still load

    article.write_text(good, encoding="utf-8")
    s.wait_for_line(r"^Built \d", count=2)
    status, _, html = s.get("2024-11-25/01/lead.html")
    assert status == 200 and "头条新闻" in html


def test_error_page_escapes_everything_and_lists_errors_before_warnings():
    html = error_page([
        Problem("content/a.md", "unknown key 'x'", None, "Remove it.", warning=True),
        Problem("content/<b>.md", 'bad "<i>" value & more', 7, "Use <em>plain</em> text."),
    ])
    assert "<b>" not in html and "<i>" not in html and "<em>" not in html
    assert "content/&lt;b&gt;.md:7" in html and "bad &quot;&lt;i&gt;&quot; value &amp; more" in html
    assert "Use &lt;em&gt;plain&lt;/em&gt; text." in html
    assert html.index("content/&lt;b&gt;.md") < html.index("content/a.md")
    assert "Build failed: 1 error(s)" in html and "</head>" in html       # livereload's script goes before </head>


def test_only_a_stylesheet_change_is_swapped_in_place():
    assert reload_path({"assets/style.css"}, failed=False) == "assets/style.css"
    assert reload_path({"assets/style.css", "assets/print.css"}, failed=False) == "*.css"   # matches no link: all
    assert reload_path({"assets/style.css", "layouts/base.html"}, failed=False) == "*"      # the page reloads
    assert reload_path({"assets/style.css"}, failed=True) == "*"      # the error page has no stylesheet to swap


# --- starting and stopping ---------------------------------------------------------------------

@pytest.mark.parametrize("sig, while_rebuilding", [(signal.SIGINT, False), (signal.SIGINT, True),
                                                    (signal.SIGTERM, False)],
                         ids=["ctrl-c", "ctrl-c-while-rebuilding", "sigterm"])
def test_ctrl_c_stops_cleanly_leaving_nothing_behind(live_paper, served, sig, while_rebuilding):
    s = served(live_paper)
    assert s.get("index.html")[0] == 200
    if while_rebuilding:        # the signal lands before, during or after that build: all must end the same
        for i in range(20):
            live_paper.article(f"2024-11-25/01/new-{i}.md", f"title: 新稿 {i}")
        time.sleep(QUIET)
    assert s.interrupt(sig) == 0
    s.wait_for_line(r"^Stopped\.")
    assert _processes_in_group(s.proc.pid) == []
    assert not s.out.exists()                                   # the temporary output folder, set aside
    wait_until(lambda: not list(s.out.parent.glob(f"{s.out.name}*")), "the preview's folder was not deleted")
    cache = live_paper.root / ".cache"
    assert not (cache / "staging").exists() and list(cache.glob("state/*")) == []     # no records of it
    assert not live_paper.public.exists()


def _processes_in_group(group: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:      # field 5 of /proc/PID/stat: the process group
            found.append(int(stat.parent.name))
    return found


def test_port_in_use_is_reported_before_building(live_paper):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--root", str(live_paper.root),
                                 "--port", str(port)], cwd=REPO, capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 1
    assert f"Cannot serve: cannot listen on 127.0.0.1:{port}: Address already in use. Try another --port." \
        in result.stderr
    assert "Built" not in result.stdout


def test_open_opens_the_preview_in_the_browser(live_paper, served, tmp_path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    s = served(live_paper, "--open", env={"BROWSER": str(browser)})
    wait_until(lambda: opened.exists() and opened.read_text().strip(), "--open did not start the browser")
    assert opened.read_text().strip() == s.url


def test_kept_state_is_updated_only_by_a_build_that_succeeds(small_paper):
    """The preview keeps the build record in memory; a failed build must not make it skip a page later."""
    from epaper.core.errors import SiteError
    from epaper.engine.pipeline import BuildOptions, build
    from epaper.engine.builddb import BuildState

    state, options = BuildState(), BuildOptions(jobs=1, out=small_paper.root / "preview")
    build(small_paper.root, options, state=state)
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    layout = small_paper.root / "layouts/article.html"
    good = layout.read_text(encoding="utf-8")
    layout.write_text(good.replace("{{ article.title }}", "{{ article.title.no_such_thing() }}", 1), encoding="utf-8")
    with pytest.raises(SiteError):
        build(small_paper.root, options, state=state)
    layout.write_text(good, encoding="utf-8")
    build(small_paper.root, options, state=state)
    assert "二版甲改" in (small_paper.root / "preview/2024-11-25/02/alpha.html").read_text(encoding="utf-8")
    assert not (small_paper.root / ".cache/state").exists()


# --- in chromium -------------------------------------------------------------------------------

def _open(tab, url: str) -> None:
    """Open `url` and wait until livereload's client in the tab has shaken hands with the server."""
    tab.goto(url)
    _wait_connected(tab)


def _wait_connected(tab) -> None:
    tab.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0",
                          timeout=WAIT * 1000)


def test_saved_title_shows_in_every_open_tab_without_touching_them(live_paper, served, browser):
    from playwright.sync_api import expect
    s = served(live_paper)
    context = browser.new_context()
    try:
        tabs = [context.new_page(), context.new_page()]
        _open(tabs[0], s.url + "2024-11-25/01/lead.html")
        _open(tabs[1], s.url + "2024-11-25/01/index.html")
        live_paper.article("2024-11-25/01/lead.md", "title: 改过的标题\norder: 1")
        expect(tabs[0].locator("h1")).to_have_text("改过的标题", timeout=WAIT * 1000)
        expect(tabs[1].locator("main")).to_contain_text("改过的标题", timeout=WAIT * 1000)
    finally:
        context.close()


def test_yaml_error_shows_in_the_tab_and_the_fix_brings_the_article_back(live_paper, served, page):
    from playwright.sync_api import expect
    s = served(live_paper)
    _open(page, s.url + "2024-11-25/01/lead.html")
    article = live_paper.root / "content/2024-11-25/01/lead.md"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title: 头条新闻", "title: [头条新闻"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Build failed: \d+ error"), timeout=WAIT * 1000)
    expect(page.locator(".problems")).to_contain_text(re.compile(r"content/2024-11-25/01/lead\.md:\d+ error: malformed YAML"))
    _wait_connected(page)                       # the error page reloads by itself, too
    article.write_text(good, encoding="utf-8")
    expect(page.locator("h1")).to_have_text("头条新闻", timeout=WAIT * 1000)


def test_stylesheet_change_is_swapped_in_without_reloading_the_page(live_paper, served, page):
    s = served(live_paper)
    _open(page, s.url + "2024-11-25/01/lead.html")
    page.evaluate("() => { window.notReloaded = true; }")
    with open(live_paper.root / "assets/style.css", "a", encoding="utf-8") as f:
        f.write("\nbody { outline: 3px solid rgb(1, 2, 3); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
                           timeout=WAIT * 1000)
    assert page.evaluate("() => window.notReloaded") is True


def test_preflight_findings_show_as_a_panel_in_the_preview_only(live_paper, served):
    Image.new("RGB", (64, 48), "gray").save(live_paper.root / "content/2024-11-25/01/photo.jpg")
    live_paper.article("2024-11-25/01/lead.md", "title: 头条新闻\norder: 1\nimages: [{file: photo.jpg, caption: 说明}]")
    s = served(live_paper)
    status, _, html = s.get("2024-11-25/01/lead.html")
    assert status == 200 and 'id="epaper-preflight"' in html
    assert "content/2024-11-25/01/lead.md" in html and "photo.jpg has no credit" in html
    live_paper.article("2024-11-25/01/lead.md",
                       "title: 头条新闻\norder: 1\nimages: [{file: photo.jpg, caption: 说明, credit: 张启民}]")
    s.wait_for_line(r"^Built \d", count=2)
    assert 'id="epaper-preflight"' not in s.get("2024-11-25/01/lead.html")[2]       # fixed: the panel goes
    live_paper.build()
    assert "epaper-preflight" not in live_paper.read("2024-11-25/01/lead.html")   # never in the built site


def test_a_save_points_the_rebuild_at_the_edition_folders_it_touched():
    changes = {"content/2024-11-25/01/a.md", "content/2024-11-26", "layouts/base.html", "site.yaml"}
    assert touched_editions(changes) == {"2024-11-25", "2024-11-26"}


def test_a_save_seen_by_a_failed_build_is_looked_at_again_by_the_next(live_paper, tmp_path, monkeypatch):
    """A build can fail before it reads the content (a crash, a full disk): the saves it was told of
    are still looked at by the next build, whatever that one is told."""
    preview = Preview(live_paper.root, tmp_path / "out", told=lambda outcome: None)
    assert preview.build()
    live_paper.article("2024-11-25/01/lead.md", "title: 改过的头条\norder: 1")
    real_build = epaper.commands.serve.build
    monkeypatch.setattr(epaper.commands.serve, "build", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "disk full")))
    assert not preview.build(changes={"content/2024-11-25/01/lead.md"})
    monkeypatch.setattr(epaper.commands.serve, "build", real_build)
    assert preview.build(changes={"layouts/base.html"})
    assert "改过的头条" in (tmp_path / "out/2024-11-25/01/lead.html").read_text(encoding="utf-8")


def test_a_paper_big_enough_for_worker_processes_is_served(paper, served):
    """The preview's first build parses and renders in forked workers here, as for an archive; they end
    and the paper is served.  (A year's archive once hung in that step; this smaller paper did not.)"""
    from epaper.content.source import PARSE_IN_WORKERS_FROM
    for n in range(PARSE_IN_WORKERS_FROM + 10):
        paper.article(f"2024-11-25/{n % 12 + 1:02d}/a{n}.md", f"title: 稿件{n}\nauthors: 记者{n % 40}")
    s = served(paper)
    assert s.get("2024-11-25/01/a0.html")[0] == 200
    assert s.matching(r"^Built 1 editions, 12 pages, 410 articles")
