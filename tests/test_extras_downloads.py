"""Whole-edition downloads: the merged PDF and the offline ZIP."""
from __future__ import annotations

from pypdf import PdfReader

from extras_paper import pdf, rich_paper
from linkcheck import broken_links

MERGED = "2024-11-25/2024-11-25-edition.pdf"


def _widths(path) -> list[int]:
    return [round(float(p.mediabox.width)) for p in PdfReader(path).pages]


def test_merged_pdf_has_one_page_per_page_pdf_in_order(paper):
    rich_paper(paper)
    paper.build()
    assert _widths(paper.public / MERGED) == [601, 602, 605]
    assert _widths(paper.public / "2024-11-24/2024-11-24-edition.pdf") == [501]


def test_every_page_view_links_the_merged_pdf(paper):
    rich_paper(paper)
    paper.build()
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
    assert errors[0].message.startswith("page 5: the PDF 2024-11-25/scans/p05.pdf cannot be read")
