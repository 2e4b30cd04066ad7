"""Whole-edition downloads: the merged PDF and the offline ZIP."""
from __future__ import annotations

from pypdf import PdfReader

from extras_paper import built_rich_paper, pdf, rich_paper  # noqa: F401 (fixture)
from linkcheck import broken_links

MERGED = "2024-11-25/2024-11-25-edition.pdf"


def _widths(path) -> list[int]:
    return [round(float(p.mediabox.width)) for p in PdfReader(path).pages]


def test_merged_pdf_has_one_page_per_page_pdf_in_order(built_rich_paper):
    paper = built_rich_paper
    assert _widths(paper.public / MERGED) == [601, 602, 605]
    assert _widths(paper.public / "2024-11-24/2024-11-24-edition.pdf") == [501]


def test_every_page_view_links_the_merged_pdf(built_rich_paper):
    paper = built_rich_paper
    for page in ("2024-11-25/01/index.html", "2024-11-25/02/index.html", "2024-11-25/05/index.html",
                 "2024-11-25/index.html"):
        assert f'class="pdf-edition" href="../../{MERGED}"' in paper.read(page) or \
               f'class="pdf-edition" href="../{MERGED}"' in paper.read(page), page
    assert broken_links(paper.public) == []


def test_no_merged_pdf_without_page_pdfs(small_paper):
    small_paper.build()
    assert not list(small_paper.public.rglob("*-edition.pdf"))
    assert "pdf-edition" not in small_paper.read("2024-11-25/01/index.html")


def test_merged_pdf_is_made_again_only_when_a_page_pdf_changed(paper):
    rich_paper(paper)
    paper.build()
    cache = paper.root / ".cache/pdf"
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    paper.article("2024-11-25/02/market.md", "title: 早市见闻（改）\nauthors: 李铭")
    paper.build()
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == made
    pdf(paper.root / "content/2024-11-25/scans/p02.pdf", 702)
    paper.build()
    assert _widths(paper.public / MERGED) == [601, 702, 605]
    assert len(list(cache.glob("2024-11-25-*.pdf"))) == 1          # the old merge is gone


def test_errors_on_an_unreadable_page_pdf(paper):
    rich_paper(paper)
    (paper.root / "content/2024-11-25/scans/p05.pdf").write_bytes(b"not a pdf")
    errors = [p for p in paper.build_fails().problems if not p.warning]
    assert [e.path for e in errors] == ["content/2024-11-25/edition.yaml"]
    # Page 5 has only a PDF, so its scan is rendered from it: the image step finds the damage first.
    assert "scans/p05.pdf" in errors[0].message and "cannot be" in errors[0].message


ZIP = "2024-11-25/2024-11-25-offline.zip"


def _unzip(paper, tmp_path, rel=ZIP):
    import zipfile
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(paper.public / rel) as z:
        z.extractall(folder)
    return folder


def test_offline_zip_opens_from_disk_with_no_broken_link(built_rich_paper, tmp_path):
    paper = built_rich_paper
    folder = _unzip(paper, tmp_path)
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"index.html", "2024-11-25/index.html", "2024-11-25/01/index.html", "2024-11-25/01/lead-story.html",
            "2024-11-25/05/lead-story-2.html"} <= names
    assert any(n.startswith("assets/style") and n.endswith(".css") for n in names)
    assert any(n.startswith("2024-11-25/scans/p01.") for n in names)          # the scan, resized
    assert any(n.startswith("2024-11-25/01/bridge.") for n in names)          # the photo
    assert not [n for n in names if n.startswith("2024-11-24/") or n.endswith((".pdf", ".zip"))]
    assert broken_links(folder) == []
    lead = (folder / "2024-11-25/01/lead-story.html").read_text("utf-8")
    assert 'href="../../2024-11-25/05/lead-story-2.html">下转第05版' in lead      # links inside the edition stay
    assert 'data-offline-href="../../archive/index.html"' in lead


def test_offline_zip_sends_links_out_of_the_edition_to_the_site(paper, tmp_path):
    paper.write("site.yaml", "name: 测试日报\nbase_url: https://paper.example.com/\n")
    rich_paper(paper)
    paper.build()
    folder = _unzip(paper, tmp_path)
    lead = (folder / "2024-11-25/01/lead-story.html").read_text("utf-8")
    assert 'href="https://paper.example.com/archive/index.html"' in lead
    assert 'href="https://paper.example.com/authors/%E7%8E%8B%E6%B5%B7%E7%87%95/index.html"' in lead
    page = (folder / "2024-11-25/01/index.html").read_text("utf-8")
    assert f'href="https://paper.example.com/{MERGED}"' in page
    assert broken_links(folder) == []


def test_offline_zip_is_linked_and_remade_only_when_its_edition_changed(paper):
    rich_paper(paper)
    paper.build()
    assert 'class="offline" href="../../2024-11-25/2024-11-25-offline.zip"' in paper.read("2024-11-25/01/index.html")
    cache = paper.root / ".cache/offline"
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    paper.article("2024-11-24/05/old-tongliao.md", "title: 通辽旧闻（改）\nauthors: 李铭")
    paper.build()
    now = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert [n for n in now if n.startswith("2024-11-25")] == [n for n in made if n.startswith("2024-11-25")]
    assert [n for n in now if n.startswith("2024-11-24")] != [n for n in made if n.startswith("2024-11-24")]
    paper.article("2024-11-25/02/market.md", "title: 早市新闻\nauthors: 李铭")
    paper.build()
    import zipfile
    with zipfile.ZipFile(paper.public / ZIP) as z:
        assert "早市新闻" in z.read("2024-11-25/02/market.html").decode("utf-8")
    assert len(list(cache.glob("2024-11-25-*.zip"))) == 1


def test_an_offline_zip_lost_from_the_cache_is_made_again(paper):
    rich_paper(paper)
    paper.build()
    published = (paper.public / ZIP).read_bytes()
    for cached in (paper.root / ".cache/offline").glob("2024-11-25-*.zip"):
        cached.unlink()
    paper.build()
    assert (paper.public / ZIP).read_bytes() == published
    assert [p.read_bytes() for p in (paper.root / ".cache/offline").glob("2024-11-25-*.zip")] == [published]


def test_warns_on_a_damaged_page_pdf_naming_it_instead_of_printing_bare_lines(paper, capfd):
    import re
    rich_paper(paper)
    path = paper.root / "content/2024-11-25/scans/p02.pdf"
    path.write_bytes(re.sub(rb"startxref\n\d+", b"startxref\n9", path.read_bytes()))    # pypdf repairs it
    report = paper.build()
    said = [str(p) for p in report.warnings if "p02.pdf" in p.path]
    assert len(said) == 1 and "content/2024-11-25/scans/p02.pdf" in said[0], [str(p) for p in report.warnings]
    assert "incorrect startxref pointer" in said[0] and "damaged" in said[0]
    assert "startxref" not in capfd.readouterr().err
    assert _widths(paper.public / MERGED) == [601, 602, 605]


def test_errors_on_an_unreadable_page_pdf_with_what_pypdf_said(paper, capfd):
    rich_paper(paper)
    path = paper.root / "content/2024-11-25/scans/p05.pdf"
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))
    errors = [p for p in paper.build_fails().problems if not p.warning]
    assert len(errors) == 1 and "scans/p05.pdf" in errors[0].message and "EOF marker not found" in errors[0].message
    assert "EOF marker" not in capfd.readouterr().err
