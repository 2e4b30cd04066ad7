"""The demo paper end to end: what a reader of 北疆日报 finds in its indexes, manifests and downloads.

Expectations are computed from the demo's own front matter, so the tests follow the content."""
from __future__ import annotations

import json
import re
import zipfile
from urllib.parse import quote, unquote

import jsonschema
import yaml
from pypdf import PdfReader

from conftest import REPO
from linkcheck import broken_links

CONTENT = REPO / "content"


def _articles():
    """(edition, page, order, slug, front matter) of every demo article, in reading order per edition."""
    found = []
    for path in CONTENT.glob("*/**/*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        edition = path.relative_to(CONTENT).parts[0]
        page = front.get("page") or int(path.parent.name)
        found.append((edition, page, front.get("order", 99), path.stem, front))
    return sorted(found, key=lambda a: (a[0], a[1], a[2], a[3]))


def _grid_links(html: str) -> list[str]:
    grid = html.split('<ul class="photo-grid">', 1)[1].split("</ul>", 1)[0]
    return [unquote(href.removeprefix("../../")) for href in re.findall(r'<a href="([^"]+)"', grid)]


def test_photographer_index_lists_every_photo_credited_across_editions_newest_first(demo):
    expected = [f"{e}/{p:02d}/{slug}.html"
                for e, p, _, slug, front in sorted(_articles(), key=lambda a: a[0], reverse=True)
                for image in front.get("images", []) if image.get("credit") == "张启民"]
    assert len({url.split("/")[0] for url in expected}) >= 3          # credited on several days
    html = (demo / "photographers/张启民/index.html").read_text(encoding="utf-8")
    assert _grid_links(html) == expected


def test_byline_and_credit_link_to_their_indexes(demo):
    html = (demo / "2026-11-26/07/camel-breeding.html").read_text(encoding="utf-8")
    credit = f'<a href="../../photographers/{quote("张启民")}/index.html">张启民 摄</a>'
    assert html.count(credit) == 2                      # both photos of the article
    assert broken_links(demo) == []


def test_continued_article_links_both_ways_in_the_demo(demo):
    first = (demo / "2026-11-26/01/sand-belt-five-years.html").read_text(encoding="utf-8")
    second = (demo / "2026-11-26/04/sand-belt-five-years-2.html").read_text(encoding="utf-8")
    assert 'href="../../2026-11-26/04/sand-belt-five-years-2.html">下转第04版</a>' in first
    assert 'href="../../2026-11-26/01/sand-belt-five-years.html">上接第01版</a>' in second


def test_every_demo_manifest_validates_and_lists_all_articles(demo):
    schema = json.loads((REPO / "schemas/edition.schema.json").read_text(encoding="utf-8"))
    by_edition = {}
    for edition, *_ in _articles():
        by_edition[edition] = by_edition.get(edition, 0) + 1
    for edition, count in by_edition.items():
        manifest = json.loads((demo / edition / "edition.json").read_text(encoding="utf-8"))
        jsonschema.validate(manifest, schema)
        assert sum(len(p["articles"]) for p in manifest["pages"]) == count


def test_merged_pdf_has_one_page_per_page_pdf_in_order(demo):
    edition = yaml.safe_load((CONTENT / "2026-11-26/edition.yaml").read_text(encoding="utf-8"))
    pdfs = [p["pdf"] for _, p in sorted(edition["pages"].items()) if p.get("pdf")]
    merged = PdfReader(demo / "2026-11-26/2026-11-26-edition.pdf")
    assert len(merged.pages) == len(pdfs) == 12
    for page, pdf in zip(merged.pages, pdfs):
        original = PdfReader(CONTENT / "2026-11-26" / pdf).pages[0]
        assert (page.mediabox.width, page.mediabox.height) == (original.mediabox.width, original.mediabox.height)


def test_offline_zip_of_the_latest_edition_opens_with_no_broken_link(demo, tmp_path):
    with zipfile.ZipFile(demo / "2026-11-26/2026-11-26-offline.zip") as z:
        z.extractall(tmp_path)
    assert (tmp_path / "index.html").is_file() and (tmp_path / "2026-11-26/01/index.html").is_file()
    assert broken_links(tmp_path) == []
