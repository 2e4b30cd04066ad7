"""Correcting a region in the preview: an editor draws, moves or resizes an article's region on the page
scan and saves it; the article's front matter gets `area: [x, y, w, h]` and nothing else changes."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from PIL import Image

from test_serve import WAIT, served, wait_until  # noqa: F401  (fixtures)
from conftest import REPO

LEAD = "---\n# 头条：手量的区域\ntitle: 头条新闻\r\narea: [0.05, 0.05, 0.9, 0.4]   # 手量\norder: 1\n---\n\n正文。\n"
SECOND = "---\ntitle: 第二篇\n# 还没有区域\norder: 2\n---\n\n正文。\n"


@pytest.fixture
def scan_paper(paper):
    """One page with a scan: the lead has a region (its file mixes line endings and has comments), the
    second article has none; page 2 has no scan."""
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 一版要闻, image: p01.jpg}\n  2: {name: 要闻}\n")
    Image.new("RGB", (600, 800), "white").save(paper.root / "content/2024-11-25/p01.jpg", quality=80)
    (paper.root / "content/2024-11-25/01").mkdir(parents=True)
    (paper.root / "content/2024-11-25/01/lead.md").write_bytes(LEAD.encode("utf-8"))
    (paper.root / "content/2024-11-25/01/second.md").write_bytes(SECOND.encode("utf-8"))
    paper.article("2024-11-25/02/other.md", "title: 二版稿件")
    return paper


def _post(s, body, content_type="application/json", origin=None) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type, **({"Origin": origin} if origin else {})}
    request = urllib.request.Request(s.url + "__epaper/area", data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_a_saved_area_changes_only_its_line_and_rebuilds(scan_paper, served):
    s = served(scan_paper)
    status, answer = _post(s, {"source": "content/2024-11-25/01/second.md", "area": [0.1, 0.5, 0.8, 0.45]},
                           origin=s.url.rstrip("/"))
    assert status == 200 and answer["line"] == "area: [0.100, 0.500, 0.800, 0.450]" and answer["changed"]
    second = scan_paper.root / "content/2024-11-25/01/second.md"
    assert second.read_bytes().decode() == SECOND.replace("order: 2\n", "order: 2\narea: [0.100, 0.500, 0.800, 0.450]\n")
    s.wait_for_line(r"^Built \d", count=2)
    html = s.get("2024-11-25/01/index.html")[2]
    assert re.search(r'class="region" href="[./]*2024-11-25/01/second.html" data-article=', html)
    status, answer = _post(s, {"source": "content/2024-11-25/01/lead.md", "area": [0, 0, 0.5, 0.25]})
    assert status == 200
    lead = (scan_paper.root / "content/2024-11-25/01/lead.md").read_bytes().decode()
    assert lead == LEAD.replace("[0.05, 0.05, 0.9, 0.4]   # 手量", "[0.000, 0.000, 0.500, 0.250]   # 手量")


@pytest.mark.parametrize("body, status, message", [
    ({"source": "content/../site.yaml", "area": [0, 0, 1, 1]}, 403, "only articles inside content/"),
    ({"source": "site.yaml", "area": [0, 0, 1, 1]}, 403, "only articles inside content/"),
    ({"source": "/etc/passwd", "area": [0, 0, 1, 1]}, 403, "only articles inside content/"),
    ({"source": "content/2024-11-25/edition.yaml", "area": [0, 0, 1, 1]}, 403, "only articles inside content/"),
    ({"source": "content/2024-11-25/01/nothing.md", "area": [0, 0, 1, 1]}, 404, "no such article"),
    ({"source": "content/2024-11-25/01/second.md", "area": [0, 0, 1.5, 1]}, 400, "from 0 to 1"),
    ({"source": "content/2024-11-25/01/second.md", "area": [0, 0, "1", 1]}, 400, "from 0 to 1"),
    ({"source": "content/2024-11-25/01/second.md", "area": [0, 0, 1]}, 400, "four numbers"),
    ({"source": "content/2024-11-25/01/second.md"}, 400, "four numbers"),
    ({"source": 7, "area": [0, 0, 1, 1]}, 400, "name the article by its file"),
    ([1, 2], 400, "send a JSON object"),
    (b"{not json", 400, "not JSON"),
])
def test_a_save_of_anything_else_is_refused_with_a_message(scan_paper, served, body, status, message):
    s = served(scan_paper)
    before = {p: p.read_bytes() for p in scan_paper.root.rglob("*") if p.is_file()}
    got, answer = _post(s, body)
    assert got == status and message in answer["error"]
    assert {p: p.read_bytes() for p in scan_paper.root.rglob("*") if p.is_file()} == before


def test_a_save_from_another_site_or_not_as_json_is_refused(scan_paper, served, tmp_path):
    s = served(scan_paper)
    good = {"source": "content/2024-11-25/01/second.md", "area": [0, 0, 1, 1]}
    assert _post(s, good, origin="https://evil.example")[0] == 403
    assert _post(s, good, content_type="text/plain")[0] == 415       # what a cross-site form can send
    outside = tmp_path / "outside.md"
    outside.write_text(SECOND, encoding="utf-8")
    (scan_paper.root / "content/2024-11-25/01/link.md").symlink_to(outside)
    assert _post(s, {"source": "content/2024-11-25/01/link.md", "area": [0, 0, 1, 1]})[0] == 403
    assert outside.read_text(encoding="utf-8") == SECOND


def test_the_editor_is_on_page_views_with_a_scan_in_the_preview_only(scan_paper, served):
    s = served(scan_paper)
    html = s.get("2024-11-25/01/index.html")[2]
    assert 'src="/__epaper/regions.js"' in html and '"source": "content/2024-11-25/01/second.md"' in html
    assert s.get("__epaper/regions.js")[0] == 200 and s.get("__epaper/regions.css")[0] == 200
    for path in ("2024-11-25/02/index.html", "2024-11-25/01/lead.html", "archive/index.html"):
        assert "__epaper" not in s.get(path)[2], path
    scan_paper.build()
    built = scan_paper.files()
    assert not any(b"__epaper" in text or b"epaper-region-data" in text or b"er-toggle" in text
                   for text in built.values())
    assert not any("regions" in name for name in built)


# --- in chromium -------------------------------------------------------------------------------

def _drag(tab, box, start, end) -> None:
    """Drag with the mouse from and to points given as fractions of `box` (a bounding box)."""
    def at(p):
        return box["x"] + p[0] * box["width"], box["y"] + p[1] * box["height"]
    tab.mouse.move(*at(start))
    tab.mouse.down()
    for i in range(1, 6):
        tab.mouse.move(*at((start[0] + (end[0] - start[0]) * i / 5, start[1] + (end[1] - start[1]) * i / 5)))
    tab.mouse.up()


def _area(path) -> list[float]:
    return json.loads(re.search(r"^area: (\[.*?\])", path.read_text(encoding="utf-8"), re.M)[1])


@pytest.fixture
def tall_tab(browser):
    """A tab tall enough for the whole page scan (the mouse drags on it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    yield context.new_page()
    context.close()


def test_an_editor_draws_a_region_and_moves_another_in_the_browser(scan_paper, served, tall_tab):
    from playwright.sync_api import expect
    page = tall_tab
    s = served(scan_paper)
    page.goto(s.url + "2024-11-25/01/index.html")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0", timeout=WAIT * 1000)
    expect(page.locator('.scan a.region[data-article="2024-11-25/01/second.html"]')).to_have_count(0)
    page.get_by_role("button", name=re.compile("Edit regions")).click()
    page.get_by_label(re.compile("Article")).select_option(label="第二篇 (no region)")
    scan = page.locator(".scan-box").bounding_box()
    _drag(page, scan, (0.1, 0.55), (0.9, 0.95))
    page.get_by_role("button", name=re.compile("Save")).click()
    region = page.locator('.scan a.region[data-article="2024-11-25/01/second.html"]')
    expect(region).to_have_count(1, timeout=WAIT * 1000)          # the page reloaded with the new region
    second = scan_paper.root / "content/2024-11-25/01/second.md"
    assert _area(second) == pytest.approx([0.1, 0.55, 0.8, 0.4], abs=0.01)
    assert second.read_text(encoding="utf-8").replace(re.search(r"^area: .*\n", second.read_text(encoding="utf-8"),
                                                                re.M)[0], "") == SECOND
    got = region.bounding_box()
    assert got["x"] == pytest.approx(scan["x"] + 0.1 * scan["width"], abs=0.02 * scan["width"])
    expect(page.get_by_role("button", name=re.compile("Edit regions"))).to_have_attribute("aria-pressed", "true")

    # Move the lead's region: choose it by its headline, drag its box down by a tenth of the page.
    page.locator('.headlines a.headline[data-article="2024-11-25/01/lead.html"]').click()
    assert page.url.endswith("2024-11-25/01/index.html")             # choosing, not following the link
    _drag(page, scan, (0.5, 0.25), (0.5, 0.35))
    page.get_by_role("button", name=re.compile("Save")).click()
    lead = scan_paper.root / "content/2024-11-25/01/lead.md"
    wait_until(lambda: _area(lead) != [0.05, 0.05, 0.9, 0.4], "the moved region was not saved")
    assert _area(lead) == pytest.approx([0.05, 0.15, 0.9, 0.4], abs=0.01)
    assert lead.read_bytes().decode() == LEAD.replace("[0.05, 0.05, 0.9, 0.4]", re.search(r"\[.*?\]", re.search(
        r"^area: .*$", lead.read_text(encoding="utf-8"), re.M)[0])[0])
    moved = page.locator('.scan a.region[data-article="2024-11-25/01/lead.html"]')
    expect(moved).to_have_attribute("style", re.compile(r"top: 15\.0000%"), timeout=WAIT * 1000)


def test_the_region_editor_resizes_and_has_no_serious_accessibility_problem(scan_paper, served, tall_tab):
    from conftest import REPO
    axe = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.skip("run `npm ci --prefix tests` to install axe-core")
    s = served(scan_paper)
    tall_tab.goto(s.url + "2024-11-25/01/index.html")
    tall_tab.get_by_role("button", name=re.compile("Edit regions")).click()
    scan = tall_tab.locator(".scan-box").bounding_box()
    tall_tab.mouse.click(scan["x"] + 0.5 * scan["width"], scan["y"] + 0.25 * scan["height"])   # on the lead's region
    assert tall_tab.get_by_label(re.compile("Article")).input_value() == "2024-11-25/01/lead.html"
    tall_tab.locator(".er-box").focus()
    tall_tab.keyboard.press("ArrowDown")                 # the keyboard moves the region too
    assert "Not saved yet: [0.050, 0.055, 0.900, 0.400]" in tall_tab.locator(".er-status").inner_text()
    handle = tall_tab.locator('.er-handle[data-edges="se"]').bounding_box()       # resize by the corner handle
    _drag(tall_tab, {"x": handle["x"] + handle["width"] / 2, "y": handle["y"] + handle["height"] / 2, "width": 1,
                     "height": 1}, (0, 0), (-0.25 * scan["width"], -0.1 * scan["height"]))
    x, y, w, h = json.loads(re.search(r"\[.*\]", tall_tab.locator(".er-status").inner_text())[0])
    assert (x, y) == (0.05, 0.055) and w == pytest.approx(0.65, abs=0.01) and h == pytest.approx(0.3, abs=0.01)
    tall_tab.add_script_tag(path=str(axe))
    result = tall_tab.evaluate("axe.run({include: [['.er-bar'], ['.scan-box']]}, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_a_chinese_papers_preview_refuses_a_save_in_chinese(scan_paper, served):
    s = served(scan_paper, "--lang", "zh-CN")
    refused = {"content/../site.yaml": (403, "content/../site.yaml：这里只能修改 content/ 里的稿件"),
               "content/2024-11-25/01/nothing.md":
                   (404, "content/2024-11-25/01/nothing.md：报纸里没有这篇稿件（是不是改了文件名？请等页面重新载入后再保存）")}
    for source, expected in refused.items():
        got, answer = _post(s, {"source": source, "area": [0, 0, 1, 1]})
        assert (got, answer["error"]) == expected
    got, answer = _post(s, {"source": "content/2024-11-25/01/second.md", "area": [0, 0, 1.5, 1]})
    assert (got, answer["error"]) == (400, "区域有误：区域的每个数都是占版面图的比例，在 0 到 1 之间")
    (scan_paper.root / "content/2024-11-25/01/second.md").write_text("title: 第二篇\n", encoding="utf-8")
    got, answer = _post(s, {"source": "content/2024-11-25/01/second.md", "area": [0, 0, 1, 1]})
    assert (got, answer["error"]) == (400, "content/2024-11-25/01/second.md：文件没有文件头（front matter）：第一行必须是 '---'")


@pytest.mark.parametrize("lang, toggle, unwanted", [("zh-CN", "编辑区域", "Edit regions"), ("en", "Edit regions", "编辑")])
def test_the_region_editor_speaks_the_papers_language_only(scan_paper, lang, toggle, unwanted):
    """The editor's toolbar, prompts and answers come in the preview's language (a zh-CN night desk read
    '编辑区域 / Edit regions', every label in both languages)."""
    import os

    from epaper.core import i18n
    from epaper.core.errors import Problems
    from epaper.engine.pipeline import BuildOptions, load
    from epaper.commands.regioneditor import editor_snippet, page_at
    from epaper.engine.builddb import BuildState
    loaded = load(scan_paper.root, BuildOptions(jobs=1), BuildState(), Problems())
    try:
        i18n.use_language(lang)
        snippet = editor_snippet(page_at(loaded.site, "2024-11-25/01/index.html"))
    finally:
        i18n.use_language(os.environ["EPAPER_LANG"])
    data = json.loads(re.search(r'<script id="epaper-region-data" type="application/json">(.*?)</script>', snippet)[1])
    assert data["words"]["toggle"] == toggle and "{title}" in data["words"]["draw"]
    assert unwanted not in json.dumps(data["words"], ensure_ascii=False)
    script = (REPO / "epaper/commands/preview/regions.js").read_text(encoding="utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", script), "regions.js takes its words from the data, in one language"
