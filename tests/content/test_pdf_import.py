"""`build.py import`: an edition written from its print PDFs, and every kind of bad PDF refused clearly."""
from __future__ import annotations

import re
import shutil

import yaml

from epaper.commands.cli import main
from test_pdf_regions import iou, printed  # noqa: F401  (the session's printed pages)


def _import(paper, *args) -> int:
    return main(["import", *map(str, args), "--root", str(paper.root)])


def _front(path):
    text = path.read_text(encoding="utf-8")
    front, body = text.split("---\n", 2)[1:]
    return yaml.safe_load(front), body.strip()


def _articles(paper, date, page="01") -> dict:
    folder = paper.root / "content" / date / page
    return {p.stem: _front(p) for p in sorted(folder.glob("*.md"))}


def test_import_writes_the_edition_a_chinese_page_shows(paper, printed, tmp_path, capsys):
    folder, truth = printed
    page = truth["zh"]
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(folder / page["file"], src / "A03.pdf")          # the page number comes from the name
    assert _import(paper, src, "--date", "2026-11-27") == 0
    summary = capsys.readouterr().out
    assert f"page 03 要闻 (A03.pdf): {len(page['articles'])} article(s)" in summary
    edition = yaml.safe_load((paper.root / "content/2026-11-27/edition.yaml").read_text(encoding="utf-8"))
    assert edition["pages"] == {3: {"name": "要闻", "pdf": "p03.pdf"}}
    assert re.fullmatch(r"总第\d+期", edition["number"])
    assert (paper.root / "content/2026-11-27/p03.pdf").read_bytes() == (src / "A03.pdf").read_bytes()
    found = _articles(paper, "2026-11-27", "03")
    assert all(re.fullmatch(r"[a-z0-9-]+", slug) for slug in found)
    by_title = {f["title"]: (f, body) for f, body in found.values()}
    for t in page["articles"]:
        front, body = by_title[t["title"]]
        assert front["order"] == t["order"]
        assert iou(front["area"], t["box"]) >= 0.8
        assert front.get("authors", []) == t["authors"]
        assert front.get("kicker", "") == t["kicker"] and front.get("subtitle", "") == t["subtitle"]
        assert body == "\n\n".join(t["paragraphs"])      # no spaces between Chinese characters, subheads kept
        for photo, want in zip(front.get("images", []), t["photos"]):
            assert (photo["caption"], photo["credit"]) == (want["caption"], want["credit"])
            assert (paper.root / "content/2026-11-27/03" / photo["file"]).stat().st_size > 500
    assert any(t["authors"][1:] for t in page["articles"] if t["authors"])     # a 通讯员 was split off
    paper.build()                                   # what was imported builds, regions and all
    assert "要闻" in paper.read("2026-11-27/03/index.html")


def test_import_of_an_english_page_undoes_hyphenation_and_makes_word_slugs(paper, printed, capsys):
    folder, truth = printed
    page = truth["en"]
    assert _import(paper, folder / page["file"], "--date", "2026-11-28") == 0
    found = _articles(paper, "2026-11-28")
    bodies = {f["title"]: body for f, body in found.values()}
    for t in page["articles"]:
        assert bodies[t["title"]] == "\n\n".join(t["paragraphs"])
        assert "\u2010" not in bodies[t["title"]]
    slug = next(s for s, (f, _) in found.items() if f["order"] == 1)
    words = re.findall(r"[a-z0-9]+", page["articles"][0]["title"].lower())
    assert slug == "-".join(words[:6])[:50]


def test_import_refuses_a_date_that_has_articles_and_changes_nothing(paper, printed, capsys):
    folder, truth = printed
    paper.article("2026-11-27/01/mine.md", "title: 已写好的稿件")
    before = sorted(p.relative_to(paper.root).as_posix() for p in (paper.root / "content").rglob("*"))
    assert _import(paper, folder / truth["zh"]["file"], "--date", "2026-11-27") == 1
    err = capsys.readouterr().err
    assert "content/2026-11-27/ already holds 1 article file(s)" in err and "never overwrites" in err
    assert sorted(p.relative_to(paper.root).as_posix() for p in (paper.root / "content").rglob("*")) == before


def _both_pages_in_one_pdf(printed, path) -> None:
    """The printed Chinese and English pages as one two-page PDF at `path`."""
    import pypdfium2 as pdfium

    folder, truth = printed
    both = pdfium.PdfDocument.new()
    for lang in ("zh", "en"):
        both.import_pages(pdfium.PdfDocument(folder / truth[lang]["file"]))
    both.save(path)


def test_one_pdf_of_the_whole_edition_gives_one_page_each(paper, printed, tmp_path, capsys):
    import pypdfium2 as pdfium

    _, truth = printed
    _both_pages_in_one_pdf(printed, tmp_path / "edition.pdf")
    assert _import(paper, tmp_path / "edition.pdf", "--date", "2026-11-27") == 0
    edition = yaml.safe_load((paper.root / "content/2026-11-27/edition.yaml").read_text(encoding="utf-8"))
    assert edition["pages"] == {1: {"name": "要闻", "pdf": "p01.pdf"}, 2: {"name": "News", "pdf": "p02.pdf"}}
    assert len(pdfium.PdfDocument(paper.root / "content/2026-11-27/p02.pdf")) == 1
    assert len(_articles(paper, "2026-11-27", "02")) == len(truth["en"]["articles"])


def _garbled_pdf(path):
    """A page whose font has no Unicode map: its text comes out as Latin-1 noise."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(400, 600)
    font = raw.FPDFText_LoadStandardFont(doc.raw, b"Helvetica")
    for k in range(10):
        obj = raw.FPDFPageObj_CreateTextObj(doc.raw, font, 12.0)
        text = [0xE000 + (k * 7 + i) % 200 for i in range(30)] + [0]
        raw.FPDFText_SetText(obj, (ctypes.c_ushort * len(text))(*text))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 20, 560 - 20 * k)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    doc.save(path)


def test_bad_pdfs_are_named_with_what_to_do_and_nothing_is_written(paper, tmp_path, capsys):
    from pypdf import PdfWriter

    (tmp_path / "p01.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (tmp_path / "p02.pdf").write_bytes(b"")
    writer = PdfWriter()
    writer.add_blank_page(300, 400)
    writer.encrypt("secret")
    writer.write(tmp_path / "p03.pdf")
    assert _import(paper, tmp_path / "p01.pdf", tmp_path / "p02.pdf", tmp_path / "p03.pdf", "--date", "2026-11-27") == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'p01.pdf'}: the PDF is not a readable PDF" in err
    assert f"{tmp_path / 'p02.pdf'}: the PDF is empty" in err
    assert f"{tmp_path / 'p03.pdf'}: the PDF is encrypted" in err and "Export the page again" in err
    assert not (paper.root / "content/2026-11-27").exists()


def test_pages_without_text_or_with_garbled_text_are_kept_as_pages_without_articles(paper, tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (300, 420), "white").save(tmp_path / "p01.pdf")
    _garbled_pdf(tmp_path / "p02.pdf")
    assert _import(paper, tmp_path / "p01.pdf", tmp_path / "p02.pdf", "--date", "2026-11-27") == 0
    out = capsys.readouterr().out
    assert "page 01 (p01.pdf): no text layer" in out
    assert "page 02 (p02.pdf): its text is garbled" in out and "no articles imported" in out.split("page 02")[1]
    assert not list((paper.root / "content/2026-11-27").rglob("*.md"))
    edition = yaml.safe_load((paper.root / "content/2026-11-27/edition.yaml").read_text(encoding="utf-8"))
    assert edition["pages"] == {1: {"pdf": "p01.pdf"}, 2: {"pdf": "p02.pdf"}}


def test_a_multi_page_pdf_among_page_pdfs_and_a_bad_date_are_refused(paper, printed, tmp_path, capsys):
    folder, truth = printed
    _both_pages_in_one_pdf(printed, tmp_path / "p02.pdf")
    assert _import(paper, folder / truth["zh"]["file"], tmp_path / "p02.pdf", "--date", "2026-11-27") == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'p02.pdf'}: the PDF has 2 pages, but it was given as page 2 of several" in err
    assert not (paper.root / "content/2026-11-27").exists()
    assert _import(paper, folder / truth["zh"]["file"], "--date", "2026-13-01") == 1
    assert "--date 2026-13-01: not a date" in capsys.readouterr().err


def test_import_speaks_chinese_in_a_zh_cn_run_summary_and_pages_without_text(paper, printed, tmp_path, capsys, zh):
    """import --lang zh-CN: the summary line of each page, with its file, and the closing line, in Chinese."""
    folder, truth = printed
    page = truth["zh"]
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(folder / page["file"], src / "A03.pdf")
    from PIL import Image
    Image.new("RGB", (300, 420), "white").save(src / "A04.pdf")
    _garbled_pdf(src / "A05.pdf")
    assert main(["import", str(src), "--date", "2026-11-27", "--lang", "zh-CN", "--root", str(paper.root)]) == 0
    out = capsys.readouterr().out
    photos = sum(len(a["photos"]) for a in page["articles"])
    assert f"第 03 版 要闻（A03.pdf）：{len(page['articles'])} 篇稿件，{photos} 张图片。" in out
    assert "第 04 版（A04.pdf）：没有文字层（是扫描出来的图片吗？）：未导入稿件；请手工添加。" in out
    assert "第 05 版（A05.pdf）：文字是乱码（" in out and "未导入稿件；请嵌入 Unicode 字体重新导出 PDF。" in out
    assert (f"已把 3 个版面的 {len(page['articles'])} 篇稿件导入 content/2026-11-27/：请在预览（epaper serve）里逐篇核对、"
            "改正，然后再发布。") in out
    assert "article" not in out and "page" not in out


def test_import_refusals_are_chinese_in_a_zh_cn_run_naming_each_file(paper, printed, tmp_path, capsys, monkeypatch):
    """EPAPER_LANG=zh-CN: every bad PDF named with what is wrong and what to do; a bad date, a taken date."""
    from pypdf import PdfWriter

    from epaper.core import i18n

    (tmp_path / "p01.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (tmp_path / "p02.pdf").write_bytes(b"")
    writer = PdfWriter()
    writer.add_blank_page(300, 400)
    writer.encrypt("secret")
    writer.write(tmp_path / "p03.pdf")
    monkeypatch.setenv("EPAPER_LANG", "zh-CN")
    try:
        assert _import(paper, *(tmp_path / f"p0{n}.pdf" for n in (1, 2, 3)), tmp_path / "gone.pdf",
                       "--date", "2026-11-27") == 1
        err = capsys.readouterr().err
        assert f"错误: {tmp_path / 'gone.pdf'}：没有这个文件或文件夹；请检查名字是否写对。" in err
        assert not (paper.root / "content/2026-11-27").exists()
        assert _import(paper, *(tmp_path / f"p0{n}.pdf" for n in (1, 2, 3)), "--date", "2026-11-27") == 1
        err = capsys.readouterr().err
        assert f"错误: {tmp_path / 'p01.pdf'}：这个 PDF 不是能读取的 PDF（" in err
        assert f"错误: {tmp_path / 'p02.pdf'}：这个 PDF 是空文件（0 字节）。" in err
        assert (f"错误: {tmp_path / 'p03.pdf'}：这个 PDF 已加密（设了打开密码）。\n"
                "    请从排版软件重新导出这一版（不要设密码），再导入一次。") in err
        assert _import(paper, _zh_page_pdf(printed), "--date", "2026-13-01") == 1
        assert "错误: --date 2026-13-01：不是有效的日期；请写成 YYYY-MM-DD，例如 2026-11-27。" in capsys.readouterr().err
        paper.article("2026-11-28/01/mine.md", "title: 已写好的稿件")
        assert _import(paper, _zh_page_pdf(printed), "--date", "2026-11-28") == 1
        assert ("错误: content/2026-11-28/ 里已经有 1 篇稿件文件；导入从不覆盖已有的一期报纸。\n"
                "    请导入到另一个日期，或先把 content/2026-11-28/ 移走。") in capsys.readouterr().err
    finally:
        i18n.use_language("en")


def _zh_page_pdf(printed):
    folder, truth = printed
    return folder / truth["zh"]["file"]


def test_import_quiet_prints_only_problems(paper, printed, tmp_path, capsys):
    """`-q` is 'print only problems' for every command: a clean import says nothing, a page without text does."""
    folder, truth = printed
    assert _import(paper, folder / truth["zh"]["file"], "--date", "2026-11-27", "-q") == 0
    assert capsys.readouterr().out == ""
    from PIL import Image
    Image.new("RGB", (600, 800), "white").save(tmp_path / "p01.pdf")          # a scan: no text layer
    assert _import(paper, tmp_path / "p01.pdf", "--date", "2026-11-28", "-q") == 0
    out = capsys.readouterr().out
    assert "page 01 (p01.pdf): no text layer" in out and "Imported" not in out
