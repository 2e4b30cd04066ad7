"""The command line, run as an editor runs it: `python build.py --root <paper>` in a subprocess."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import REPO


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd or REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def build(paper, *args) -> subprocess.CompletedProcess:
    return run(str(REPO / "build.py"), "--root", str(paper.root), "--jobs", "1", *args)


def break_paper(paper) -> list[str]:
    """Several different problems in one paper; returns the 'path:line: error' prefixes each must print."""
    paper.write("site.yaml", "name: 测试日报\nimage_widths: big\n")
    paper.article("2024-11-25/01/lead-story.md", "title: 头条新闻\nkicker: 会议强调: 抓落实")
    paper.article("2024-11-25/02/alpha.md", "title: 二版甲\npage: eight")
    paper.article("2024-11-25/02/beta.md", "title: 二版乙\nimages:\n  - gone.jpg")
    paper.article("2024-11-25/08/brief.md", "title: 撞车")
    layout = paper.root / "layouts/page.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace("{% endfor %}", "{% endfro %}", 1), encoding="utf-8")
    return ["site.yaml:2: error:",
            "content/2024-11-25/01/lead-story.md:3: error: malformed YAML",
            "content/2024-11-25/02/alpha.md:3: error: 'page' must be a page number",
            "content/2024-11-25/02/beta.md:4: error: image 'gone.jpg' does not exist",
            "content/2024-11-25/brief.md:3: error: would be written to 2024-11-25/08/brief.html",
            "layouts/page.html:"]


def test_can_build_with_a_summary_then_list_all_errors_leaving_public_as_it_was(small_paper):
    result = build(small_paper)
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(r"Built 2 editions, 4 pages, 6 articles, 0 images \(0 processed, 0 from cache\) "
                        r"in \d+\.\d\d s; \d+ files written, 0 removed\.\n"
                        # both editions are in the newest third of a month: a part each
                        r"Search index: 6 articles indexed in \d+\.\d\d s \(2 of 2 parts written\)\.\n", result.stdout)
    before = small_paper.files()
    assert "2024-11-25/08/brief.html" in before
    expected = break_paper(small_paper)
    result = build(small_paper)
    assert result.returncode == 1
    for prefix in expected:
        assert any(line.startswith(prefix) for line in result.stderr.splitlines()), (prefix, result.stderr)
    assert result.stderr.rstrip().endswith("Build failed: 6 error(s); public/ was left as it was.")
    assert small_paper.files() == before


def test_can_check_with_python_m_epaper_without_writing(small_paper):
    result = run("-m", "epaper", "check", "--content-only", "--root", str(small_paper.root))
    assert (result.returncode, result.stdout) == (0, "No errors (0 warnings).\n")
    assert not small_paper.public.exists()
    break_paper(small_paper)
    result = run("-m", "epaper", "check", "--content-only", "--root", str(small_paper.root))
    assert result.returncode == 1 and result.stderr.rstrip().endswith("Check failed: 6 error(s).")


def test_warnings_do_not_fail_the_build(small_paper):
    small_paper.article("2024-11-25/01/lead-story.md", "title: 头条新闻\nauther: 王海燕")
    result = build(small_paper, "-q")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == ("content/2024-11-25/01/lead-story.md:3: warning: unknown front matter key 'auther' "
                             "is ignored\n    Did you mean 'authors'?\n")


def test_errors_on_a_folder_that_is_not_a_paper(tmp_path):
    result = run(str(REPO / "build.py"), "--root", str(tmp_path / "typo"))
    assert result.returncode == 2 and "has no site.yaml and no content/ folder" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_build_with_nothing_to_do_answers_without_loading_the_pipeline(small_paper):
    """The no-change answer comes before Jinja2, Markdown and Pillow are imported: it is all the time
    such a build takes."""
    small_paper.age()                   # files saved just now are never trusted unchanged
    assert build(small_paper, "--no-search").returncode == 0
    probe = ("import sys; from epaper.commands.cli import main; code = main(['build', '--root', sys.argv[1], '--no-search']); "
             "print(code, 'epaper.engine.pipeline' in sys.modules, 'jinja2' in sys.modules)")
    result = run("-c", probe, str(small_paper.root))
    assert result.stdout.split()[-3:] == ["0", "False", "False"], result.stderr
    assert "0 files written" in result.stdout


def test_the_command_line_leaves_a_builds_records_for_the_system_to_free(small_paper):
    """`cli.run` leaves with os._exit: the build hands its state and model to it (`held`) rather than
    freeing them object by object as it returns, which an archive's evening build would wait for."""
    from epaper.commands.cli import main
    from epaper.engine.builddb import BuildState
    held: list = []
    assert main(["build", "--root", str(small_paper.root), "--no-search", "--quiet"], held=held) == 0
    assert [len(x.outputs) for x in held if isinstance(x, BuildState)] == [len(small_paper.files())]


def test_a_build_for_another_address_is_not_taken_for_no_change(small_paper):
    small_paper.age()
    assert build(small_paper, "--base-url", "https://a.example/").returncode == 0
    assert build(small_paper, "--base-url", "https://b.example/").returncode == 0
    assert "https://b.example/" in small_paper.read("sitemap.xml")


def test_a_worker_killed_for_memory_fails_the_build_with_a_hint_leaving_public_as_it_was(small_paper, monkeypatch,
                                                                                         capsys):
    """The system stops the largest process when memory runs out: on a ten-year archive, one of the forked
    workers.  The build must say so and end, not hang or print a traceback, and publish nothing."""
    import signal

    import epaper.engine.pipeline
    from epaper.commands.cli import main
    from epaper.engine.making import PARALLEL_FROM
    assert build(small_paper).returncode == 0
    before = small_paper.files()
    for n in range(PARALLEL_FROM):      # enough files to make for the work to go to forked workers
        small_paper.article(f"2024-11-25/{n % 8 + 1:02d}/a{n}.md", f"title: 稿件{n}")
    parent, render = os.getpid(), epaper.engine.making._render_one

    def render_or_die(*args):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return render(*args)
    monkeypatch.setattr(epaper.engine.making, "_render_one", render_or_die)
    assert main(["build", "--root", str(small_paper.root), "--jobs", "2", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "error: a worker process was stopped before it finished its work" in err
    assert "add --jobs 1" in err and "Traceback" not in err
    assert err.rstrip().endswith("Build failed; public/ was left as it was.")
    assert small_paper.files() == before
    monkeypatch.undo()
    assert main(["build", "--root", str(small_paper.root), "--jobs", "2", "--quiet"]) == 0
    assert "稿件0" in small_paper.read("2024-11-25/01/a0.html")


@pytest.mark.parametrize("out, why", [(".", "is the paper's own folder"), ("..", "holds the paper's own folder"),
                                      ("content", "lies inside the paper's content/ folder"),
                                      ("content/2024-11-25", "lies inside the paper's content/ folder"),
                                      ("layouts/x", "lies inside the paper's layouts/ folder"),
                                      ("assets", "lies inside the paper's assets/ folder")])
def test_refuses_an_output_folder_that_holds_the_sources(small_paper, out, why):
    before = {p: p.read_bytes() for p in small_paper.root.rglob("*") if p.is_file()}
    result = run(str(REPO / "build.py"), "--root", str(small_paper.root), "--out", out, cwd=small_paper.root)
    assert result.returncode == 2
    assert f"error: --out {out}: the output folder {why}" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in small_paper.root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("jobs", ["-1", "x", "100000"])
def test_refuses_a_number_of_jobs_that_is_not_one(small_paper, jobs):
    result = run(str(REPO / "build.py"), "--root", str(small_paper.root), "--jobs", jobs)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"argument --jobs: '{jobs}' is not a number of worker processes" in result.stderr
    assert not small_paper.public.exists()


def test_a_build_after_a_build_with_future_takes_tomorrows_edition_down_again(small_paper):
    """The night desk looks at tomorrow's edition with `build --future`, then publishes with `build`:
    tomorrow's pages must not stay in public/ (nor in its search index) until tomorrow."""
    import datetime
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    small_paper.write(f"content/{tomorrow}/edition.yaml", "pages:\n  1: {name: 一版要闻}\n")
    small_paper.article(f"{tomorrow}/01/scoop.md", "title: 明天的独家新闻")
    small_paper.age()
    assert build(small_paper, "--no-search").returncode == 0
    assert build(small_paper, "--no-search", "--future").returncode == 0
    assert (small_paper.public / tomorrow / "01/scoop.html").is_file()
    published = build(small_paper, "--no-search")
    assert published.returncode == 0, published.stderr
    assert not (small_paper.public / tomorrow).exists()
    assert tomorrow not in small_paper.read("index.html")


def test_a_build_after_a_build_with_drafts_takes_the_drafts_down_again(small_paper):
    """`build --drafts` to look at a draft, then `build` to publish: the draft's page must not stay in public/."""
    small_paper.article("2024-11-25/01/secret.md", "title: 未定稿的新闻\ndraft: true")
    small_paper.age()
    assert build(small_paper, "--no-search", "--drafts").returncode == 0
    assert (small_paper.public / "2024-11-25/01/secret.html").is_file()
    assert build(small_paper, "--no-search").returncode == 0
    assert not (small_paper.public / "2024-11-25/01/secret.html").exists()
    assert "未定稿的新闻" not in small_paper.read("2024-11-25/01/index.html")


def test_a_build_says_which_editions_it_left_for_their_day(small_paper):
    """An editor imports tomorrow's edition and runs `build`: the summary must not leave them wondering
    where it went."""
    import datetime
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    small_paper.write(f"content/{tomorrow}/edition.yaml", "pages:\n  1: {name: 一版要闻}\n")
    small_paper.article(f"{tomorrow}/01/scoop.md", "title: 明天的独家新闻")
    built = build(small_paper, "--no-search")
    assert built.returncode == 0
    assert f"content/{tomorrow}/" in built.stdout and "serve" in built.stdout and "--future" in built.stdout
    assert f"content/{tomorrow}/" not in build(small_paper, "--no-search", "--future").stdout
    assert build(small_paper, "--no-search", "-q").stdout == ""
