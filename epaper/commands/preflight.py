"""Preflight: what an editor should look at before the edition goes out, found on the loaded model.

Nothing here stops a build; each finding is a warning naming the file and what to do, and
`check --preflight --strict` turns them into a failing exit for CI.  Two findings come from loading
itself and are not repeated here: a page named in edition.yaml with no article, and a continuation
whose other part is missing (model.py warns about both).  Areas that leave the scan are rejected
when the front matter is read (source.py), so here only overlaps are left to find.
"""
from __future__ import annotations

import statistics

from ..core import Problem, excerpt, say
from ..model import Article, Edition, Page, Site

__all__ = ["preflight", "LONG_FACTOR", "LONG_MIN_CHARS", "OVERLAP_MIN"]

LONG_FACTOR = 5          # an article this many times longer than its page's median other article ...
LONG_MIN_CHARS = 3000    # ... and at least this long is probably pasted twice or on the wrong page
OVERLAP_MIN = 0.0005     # overlap (fraction of the page) below this is a rounding touch, not an overlap


def preflight(site: Site) -> list[Problem]:
    """Every finding for every edition of the loaded site, edition by edition, page by page."""
    findings: list[Problem] = []
    for edition in site.editions:
        findings += _page_gaps(edition)
        for page in edition.pages:
            findings += _missing_areas(page)
            findings += _overlapping_areas(page)
            findings += _long_articles(page)
            for article in page.articles:
                findings += _uncredited_photos(article)
        findings += _duplicate_headlines(edition)
    return findings


def _finding(path: str, message: str, hint: str) -> Problem:
    return Problem(path, message, hint=hint, warning=True)


def _page_gaps(edition: Edition) -> list[Problem]:
    numbers = {p.number for p in edition.pages}
    missing = [n for n in range(1, max(numbers, default=0)) if n not in numbers]
    if not missing:
        return []
    shown = ", ".join(f"{n:02d}" for n in missing)
    return [_finding(f"content/{edition.key}/edition.yaml",
                     say("preflight.page_gap", pages=shown), say("preflight.page_gap_hint"))]


def _missing_areas(page: Page) -> list[Problem]:
    if page.scan is None:
        return []
    return [_unplaced(page, a) if a.region_note else
            _finding(f"content/{a.rel}", say("preflight.no_area", page=f"{page.number:02d}"),
                     say("preflight.no_area_hint"))
            for a in page.articles if a.area is None]


def _unplaced(page: Page, a: Article) -> Problem:
    """An article whose region the page PDF did not give with confidence (pagepdf.py says why)."""
    return _finding(f"content/{a.rel}", say("preflight.unplaced", page=f"{page.number:02d}",
                                            pdf=page.pdf.rel if page.pdf else "", note=a.region_note),
                    say("preflight.unplaced_hint"))


def _overlapping_areas(page: Page) -> list[Problem]:
    placed = [a for a in page.articles if a.area is not None]
    findings = []
    for i, a in enumerate(placed):
        for b in placed[:i]:
            if _overlap(a.area, b.area) > OVERLAP_MIN:
                findings.append(_finding(f"content/{a.rel}", say("preflight.overlap", other=f"content/{b.rel}",
                                                                 page=f"{page.number:02d}"),
                                         say("preflight.overlap_hint")))
    return findings


def _overlap(a: list[float], b: list[float]) -> float:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def _uncredited_photos(article: Article) -> list[Problem]:
    findings = []
    for photo in article.photos:
        lacking = [say(f"preflight.{what}") for what, value in (("caption", photo.caption), ("credit", photo.credit))
                   if not value]
        if lacking:
            name = photo.rel.rsplit("/", 1)[-1]
            findings.append(_finding(f"content/{article.rel}",
                                     say("preflight.uncredited", name=name, lacking=say("preflight.and_no").join(lacking)),
                                     say("preflight.uncredited_hint", name=name)))
    return findings


def _duplicate_headlines(edition: Edition) -> list[Problem]:
    """The same headline twice in one edition, except the two parts of a continued article."""
    first: dict[str, Article] = {}
    findings = []
    for a in edition.articles:
        key = " ".join(a.title.split())
        other = first.setdefault(key, a)
        if other is not a and other not in (a.continued_from, a.continued_to):
            findings.append(_finding(f"content/{a.rel}",
                                     say("preflight.duplicate", title=excerpt(a.title, quoted=False), other=f"content/{other.rel}"),
                                     say("preflight.duplicate_hint")))
    return findings


def _long_articles(page: Page) -> list[Problem]:
    findings = []
    for a in page.articles:
        others = [b.chars for b in page.articles if b is not a]
        if not others:
            continue
        usual = statistics.median(others)
        if a.chars >= LONG_MIN_CHARS and a.chars > LONG_FACTOR * usual:
            findings.append(_finding(f"content/{a.rel}", say("preflight.long", chars=a.chars, factor=LONG_FACTOR,
                                                             page=f"{page.number:02d}", usual=f"{usual:.0f}"),
                                     say("preflight.long_hint")))
    return findings
