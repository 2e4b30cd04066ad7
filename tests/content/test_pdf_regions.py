"""Regions found on the page PDF: an article without `area:` is clickable on its page all the same."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """One Chinese and one English page printed by tools/printpages.py, with their truth.

    Printed in a process of its own: Playwright's sync API cannot start while the session's browser
    (another sync Playwright) is open in this one."""
    from browser import chromium_path

    chromium_path()
    out = tmp_path_factory.mktemp("printed")
    subprocess.run([sys.executable, str(REPO / "tools" / "printpages.py"), str(out), "--pages", "2", "--seed", "3"],
                   check=True, capture_output=True, timeout=300)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return out, {lang: t["pages"][0] for lang, t in truth.items()}


def iou(a, b) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(0, w) * max(0, h)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def write_edition(paper, printed, lang="zh", date="2026-11-27", body_of=None) -> dict:
    """An edition of one page whose edition.yaml names the printed PDF, and its articles without area."""
    folder, truth = printed
    page = truth[lang]
    (paper.root / "content" / date).mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / page["file"], paper.root / "content" / date / "p01.pdf")
    paper.write(f"content/{date}/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n")
    for a in page["articles"]:
        front = yaml.safe_dump({"title": a["title"], "authors": a["authors"], "order": a["order"]},
                               allow_unicode=True)
        body = (body_of or {}).get(a["slug"]) or "\n\n".join(a["paragraphs"])
        paper.article(f"{date}/01/{a['slug']}.md", front, body + "\n")
    return page


def areas(paper, date="2026-11-27") -> dict:
    manifest = json.loads(paper.read(f"{date}/edition.json"))
    return {a["url"].rsplit("/", 1)[1][:-5]: a["area"] for a in manifest["articles"]}


def test_articles_without_area_get_the_region_of_their_text_on_the_pdf(paper, printed):
    page = write_edition(paper, printed)
    paper.build()
    found = areas(paper)
    for a in page["articles"]:
        assert found[a["slug"]] is not None, a["slug"]
        assert iou(found[a["slug"]], a["box"]) >= 0.8, a["slug"]
    view = paper.read("2026-11-27/01/index.html")
    assert view.count('class="hotspot') >= len(page["articles"]) or view.count("a01.html") >= 1
    left = f"left: {found['a01'][0] * 100:.4f}%"
    assert left in view                      # the page view's link sits on the found region


def test_english_page_too(paper, printed):
    page = write_edition(paper, printed, lang="en")
    paper.build()
    found = areas(paper)
    assert all(iou(found[a["slug"]], a["box"]) >= 0.8 for a in page["articles"])


def test_a_typed_area_wins(paper, printed):
    page = write_edition(paper, printed)
    path = paper.root / "content/2026-11-27/01/a01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n\n", "area: [0.1, 0.1, 0.2, 0.2]\n---\n\n", 1),
                    encoding="utf-8")
    paper.build()
    assert areas(paper)["a01"] == [0.1, 0.1, 0.2, 0.2]
    assert areas(paper)["a02"] is not None and page


def test_text_found_nowhere_on_the_page_is_a_preflight_finding_naming_article_and_page(paper, printed, capsys):
    from epaper.commands.cli import main

    write_edition(paper, printed, body_of={"a02": "这篇稿件的正文在本版上根本找不到。" * 20})
    path = paper.root / "content/2026-11-27/01/a02.md"
    front = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join("title: 一篇别处的稿件" if ln.startswith("title:") else ln for ln in front),
                    encoding="utf-8")
    paper.build()
    assert areas(paper)["a02"] is None and areas(paper)["a01"] is not None
    assert main(["check", "--preflight", "--strict", "--root", str(paper.root)]) == 1
    said = capsys.readouterr().err + capsys.readouterr().out
    line = next(ln for ln in said.splitlines() if "01/a02.md" in ln)
    assert "page 01" in line and "p01.pdf" in line and "appears nowhere" in line
    # The preview's panel lists the same finding.
    from epaper.core.errors import Problems
    from epaper.engine.pipeline import BuildOptions, load
    from epaper.commands.preflight import preflight
    from epaper.commands.serve import preflight_panel
    from epaper.engine.builddb import BuildState
    loaded = load(paper.root, BuildOptions(jobs=1, drafts=True), BuildState(), Problems())
    panel = preflight_panel(preflight(loaded.site))
    assert "01/a02.md" in panel and "appears nowhere" in panel


def test_regions_are_cached_and_follow_a_changed_pdf(paper, printed):
    folder, truth = printed
    write_edition(paper, printed)
    paper.build()
    cached = list((paper.root / ".cache/regions").glob("*.json"))
    assert cached and json.loads(cached[0].read_text(encoding="utf-8"))["areas"]
    first = areas(paper)
    # The English page's PDF saved over the Chinese one: no article's text is on it any more.
    shutil.copy(folder / truth["en"]["file"], paper.root / "content/2026-11-27/p01.pdf")
    paper.build()
    assert all(v is None for v in areas(paper).values()) and any(first.values())


def test_a_pdf_without_text_layer_is_named_in_a_warning(paper, printed):
    from PIL import Image

    write_edition(paper, printed)
    Image.new("RGB", (300, 420), "white").save(paper.root / "content/2026-11-27/p01.pdf")
    report = paper.build()
    said = [w for w in report.warnings if "p01.pdf" in w.message]
    assert said and "no text layer" in said[0].message and said[0].path.endswith("edition.yaml")
    assert all(v is None for v in areas(paper).values())


@pytest.mark.parametrize("kept", [False, True])
def test_incremental_builds_with_a_page_pdf_equal_clean_builds(paper, printed, tmp_path_factory, kept):
    """Changing the PDF (saved over in place) or an article's text changes the regions; an incremental
    build (state on disk, or kept in memory as the preview keeps it) equals a clean one each time."""
    import time

    from epaper.engine.pipeline import BuildOptions, build
    from epaper.engine.builddb import BuildState

    folder, truth = printed
    write_edition(paper, printed)
    root, pdf, a01 = paper.root, paper.root / "content/2026-11-27/p01.pdf", paper.root / "content/2026-11-27/01/a01.md"
    original = a01.read_text(encoding="utf-8")
    t0 = time.time() - 3600
    state, out = (BuildState(), tmp_path_factory.mktemp("kept")) if kept else (None, paper.public)
    edits = [lambda: shutil.copy(folder / truth["en"]["file"], pdf),
             lambda: shutil.copy(folder / truth["zh"]["file"], pdf),
             lambda: a01.write_text(original.split("---\n\n")[0] + "---\n\n换成了别的正文。\n", encoding="utf-8"),
             lambda: a01.write_text(original, encoding="utf-8")]
    seen = set()
    for step, edit in enumerate([lambda: None, *edits]):
        edit()
        for path in root.rglob("*"):
            if path.is_file() and ".cache" not in path.parts and path.stat().st_mtime > time.time() - 60:
                os.utime(path, (t0 + step, t0 + step))
        build(root, BuildOptions(jobs=1, out=out), state=state)
        clean_out = tmp_path_factory.mktemp("clean")
        build(root, BuildOptions(jobs=1, out=clean_out, clean=True))
        incremental, clean = _files(out), _files(clean_out)
        assert incremental == clean, (step, [k for k in incremental if incremental.get(k) != clean.get(k)])
        seen.add(json.loads(incremental["2026-11-27/edition.json"])["articles"][0]["area"] is None)
    assert seen == {True, False}        # the region went away with the English PDF and came back


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_scan_beside_the_pdf_is_the_same_page_and_a_different_shape_is_said(paper, printed):
    from PIL import Image

    write_edition(paper, printed)
    paper.write("content/2026-11-27/edition.yaml", "pages:\n  1: {name: 要闻, image: p01.jpg, pdf: p01.pdf}\n")
    Image.new("RGB", (550, 800), "white").save(paper.root / "content/2026-11-27/p01.jpg")   # the PDF's shape
    report = paper.build()
    assert not [w for w in report.warnings if "shape" in w.message]
    assert areas(paper)["a01"] is not None            # the regions are put on the scan
    Image.new("RGB", (800, 800), "white").save(paper.root / "content/2026-11-27/p01.jpg")
    said = [w for w in paper.build().warnings if "not the shape of the PDF" in w.message]
    assert said and "p01.jpg" in said[0].message and said[0].path.endswith("edition.yaml")


def test_a_garbled_pdf_and_a_multi_page_pdf_are_warnings_naming_page_and_file(paper, printed):
    import pypdfium2 as pdfium

    from test_pdf_import import _garbled_pdf
    folder, truth = printed
    write_edition(paper, printed)
    _garbled_pdf(paper.root / "content/2026-11-27/p01.pdf")
    said = [w for w in paper.build().warnings if "p01.pdf" in w.message]
    assert said and "garbled" in said[0].message and said[0].message.startswith("page 1:")
    assert all(v is None for v in areas(paper).values())
    both = pdfium.PdfDocument.new()
    for lang in ("zh", "en"):
        both.import_pages(pdfium.PdfDocument(folder / truth[lang]["file"]))
    both.save(paper.root / "content/2026-11-27/p01.pdf")
    said = [w for w in paper.build().warnings if "p01.pdf" in w.message]
    assert said and "has 2 page(s)" in said[0].message and "one-page PDF" in said[0].hint
    assert areas(paper)["a01"] is not None          # its first page is this page: found there


def file_a_story_on_the_wrong_page(paper, printed) -> None:
    """Page 1 prints the Chinese page, page 2 the English one; the English page's first story is filed on
    page 1 (its text is printed on page 2), and page 2 gets an article printed nowhere."""
    folder, truth = printed
    write_edition(paper, printed)
    shutil.copy(folder / truth["en"]["file"], paper.root / "content/2026-11-27/p02.pdf")
    paper.write("content/2026-11-27/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n  2: {name: News, pdf: p02.pdf}\n")
    stray = truth["en"]["articles"][0]
    paper.article("2026-11-27/01/stray.md", yaml.safe_dump({"title": stray["title"]}),
                  "\n\n".join(stray["paragraphs"]) + "\n")
    paper.article("2026-11-27/02/other.md", "title: 二版稿件", "二版的正文。\n")


def test_an_article_on_the_wrong_page_is_told_where_its_text_is_printed(paper, printed, capsys):
    from epaper.commands.cli import main

    file_a_story_on_the_wrong_page(paper, printed)
    paper.build()
    assert main(["check", "--preflight", "--root", str(paper.root)]) == 0
    line = next(ln for ln in capsys.readouterr().err.splitlines() if "01/stray.md" in ln)
    assert "appears nowhere on the page" in line and "it is printed on page 2 (2026-11-27/p02.pdf)" in line


def test_a_page_pdf_s_warnings_are_said_in_chinese_for_a_zh_cn_run_even_when_kept_from_an_english_one(
        paper, printed, capsys, zh):
    """build --lang zh-CN: the warnings about the page PDFs in Chinese, with page and file; the ones kept in
    .cache/regions/ by an English build are said again in Chinese, not replayed in English."""
    import pypdfium2 as pdfium
    from PIL import Image

    from epaper.commands.cli import main

    folder, truth = printed
    write_edition(paper, printed)
    day = paper.root / "content/2026-11-27"
    both = pdfium.PdfDocument.new()
    for lang in ("zh", "en"):
        both.import_pages(pdfium.PdfDocument(folder / truth[lang]["file"]))
    both.save(day / "p02.pdf")
    Image.new("RGB", (300, 420), "white").save(day / "p03.pdf")
    Image.new("RGB", (800, 800), "white").save(day / "p01.jpg")
    paper.write("content/2026-11-27/edition.yaml", "pages:\n  1: {name: 要闻, image: p01.jpg, pdf: p01.pdf}\n"
                "  2: {name: 综合, pdf: p02.pdf}\n  3: {name: 副刊, pdf: p03.pdf}\n")
    paper.article("2026-11-27/02/second.md", "title: 二版稿件", "二版的正文。\n")
    paper.article("2026-11-27/03/third.md", "title: 三版稿件", "三版的正文。\n")
    assert main(["build", "--lang", "en", "--root", str(paper.root)]) == 0
    english = capsys.readouterr().err
    assert "page 3: the PDF 2026-11-27/p03.pdf has no text layer" in english
    kept = sorted((paper.root / ".cache/regions").glob("*.json"))
    assert main(["build", "--lang", "zh-CN", "--root", str(paper.root)]) == 0
    said = capsys.readouterr().err
    assert sorted((paper.root / ".cache/regions").glob("*.json")) == kept      # read from the cache, not found again
    assert ("content/2026-11-27/edition.yaml: 警告: 第 3 版：PDF 文件 2026-11-27/p03.pdf 没有文字层（是扫描出来的图片吗？），"
            "找不到本版稿件的位置\n    请从排版软件把这一版导出为带文字的 PDF，或给这一版的每篇稿件写上 'area:'。") in said
    assert ("content/2026-11-27/edition.yaml: 警告: 第 2 版：PDF 文件 2026-11-27/p02.pdf 有 2 页，edition.yaml 把它用作"
            "第 2 版；本版只显示它的第一页") in said
    assert "'epaper import EDITION.pdf' 可以把整期的 PDF 拆成单版" in said
    assert ("第 1 版：版面图 2026-11-27/p01.jpg（800x800）与 PDF 文件 2026-11-27/p01.pdf（825x1200 pt）的长宽比例不同"
            in said)
    assert "page" not in said and "PDF with text" not in said


def test_an_unplaced_article_is_a_chinese_preflight_finding_in_a_zh_cn_run(paper, printed, capsys, monkeypatch):
    """check --preflight with EPAPER_LANG=zh-CN: why the article has no region, and where its text is printed."""
    from epaper.core import i18n
    from epaper.commands.cli import main

    file_a_story_on_the_wrong_page(paper, printed)
    monkeypatch.setenv("EPAPER_LANG", "zh-CN")
    try:
        assert main(["check", "--preflight", "--strict", "--root", str(paper.root)]) == 1
    finally:
        i18n.use_language("en")
    said = capsys.readouterr().err
    assert ("content/2026-11-27/01/stray.md: 警告: 在版面 PDF 2026-11-27/p01.pdf 里找不到它在第 01 版上的位置：本版上找不到"
            "它的正文；它印在第 2 版（2026-11-27/p02.pdf）；读者无法在版面图上点开它\n"
            "    请核对稿件是否放对了版、正文是否与见报稿一致，或写上 'area: [x, y, width, height]'") in said
    assert "content/2026-11-27/02/other.md: 警告: 在版面 PDF 2026-11-27/p02.pdf 里找不到它在第 02 版上的位置" in said
    assert "检查未通过（--strict）" in said


def test_a_cached_reason_that_is_no_message_is_not_taken(paper, printed, capsys):
    """A .cache/regions/ entry whose notes name no message of this version (another version's, or
    damaged) is searched again, not shown or crashed on."""
    from epaper.commands.cli import main

    write_edition(paper, printed, body_of={"a02": "这篇稿件的正文在本版上根本找不到。" * 20})
    paper.build()
    for path in (paper.root / ".cache/regions").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("why"):
            data["why"] = {slug: {"key": "regions.no_such_message", "values": {}} for slug in data["why"]}
            path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", "--preflight", "--root", str(paper.root)]) == 0
    line = next(ln for ln in capsys.readouterr().err.splitlines() if "01/a02.md" in ln)
    assert "its headline was found, but only" in line and "regions." not in line     # found again


def test_the_print_page_generator_explains_every_argument():
    """tools/printpages.py is how a new user makes tonight's pages to try import with: its --help says
    what each argument is."""
    import subprocess
    shown = subprocess.run([sys.executable, str(REPO / "tools/printpages.py"), "--help"], capture_output=True,
                           text=True, timeout=60).stdout
    for name in ("out", "--pages PAGES", "--seed SEED", "--edition DATE", "--number NUMBER"):
        line = next(ln for ln in shown.split("positional arguments:")[1].splitlines() if ln.strip().startswith(name))
        assert len(line.strip()) > len(name) + 5, line
