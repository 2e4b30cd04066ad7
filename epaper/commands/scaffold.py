"""`build.py new`: tomorrow's edition folder and article skeletons for the night desk.

`new_edition` writes `content/<date>/edition.yaml` with the page names of the latest earlier edition
and its number incremented, plus an empty folder per page; `new_article` writes an article file with
every front matter key (the optional ones commented out).  Neither ever overwrites a file: an existing
target is a problem naming it.  The texts are made by pure functions so tests can read them directly.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..config import Config
from ..content import ARTICLE_KEYS, EditionRecord, SLUG_RE, scan_content, valid_date
from ..core import Problems, command, excerpt, say

__all__ = ["new_edition", "new_article", "edition_yaml", "article_skeleton", "next_number"]

_TARGET_RE = re.compile(r"^(?P<date>[^/]+)/(?P<page>\d{1,3})/?$")
_RESERVED_SLUGS = ("index",)     # index.html is the page view itself


def next_number(number: str) -> str:
    """'总第 25501 期' -> '总第 25502 期': the last run of digits plus one, keeping its zero padding."""
    match = None
    for match in re.finditer(r"\d+", number):
        pass
    if match is None:
        return number
    digits = match.group()
    bumped = str(int(digits) + 1).zfill(len(digits))
    return number[:match.start()] + bumped + number[match.end():]


def edition_yaml(date: str, previous: EditionRecord | None) -> str:
    """The text of a new edition.yaml: page names carried over from `previous` (if any)."""
    lines = [f"# Edition of {date}."]
    if previous is not None:
        lines.append(f"# Page names and number carried over from {previous.date}; scans and PDFs are not.")
    number = next_number(previous.number) if previous is not None and previous.number else ""
    lines.append(f"number: {json.dumps(number, ensure_ascii=False)}")
    lines.append("pages:")
    pages = previous.pages if previous is not None and previous.pages else {1: {"name": ""}}
    for num, spec in sorted(pages.items()):
        lines.append(f"  {num}: {{name: {json.dumps(spec.get('name') or '', ensure_ascii=False)}}}")
    first = min(pages)
    lines.append(f"  # {first}: {{name: ..., image: scans/p{first:02d}.jpg, pdf: scans/p{first:02d}.pdf}}")
    return "\n".join(lines) + "\n"


_SKELETON_LINES = {       # key -> (line as written, why one would write it)
    "title": ("title: {title}", "the headline (required)"),
    "kicker": ("# kicker: {kicker}", "the line above the headline"),
    "subtitle": ("# subtitle: {subtitle}", "the line below the headline"),
    "authors": ("# authors: {authors}", "the byline"),
    "section": ("# section: {section}", "default: the page's name"),
    "page": ("# page: {page}", "only for a file outside its page folder"),
    "order": ("# order: 1", "position on the page, lowest first"),
    "images": ("# images:\n#   - {{file: photo.jpg, caption: {caption}, credit: {credit}}}",
               "photos next to this file"),
    "area": ("# area: [0.05, 0.10, 0.60, 0.30]", "x, y, width, height on the page scan (0-1)"),
    "draft": ("# draft: true", "hidden from the published site"),
    "continues": ("# continues: other-part", "file name (no .md) of the part on another page"),
}


# The sample values of the skeleton, in the paper's language: an English paper's article left as written
# must not publish a Chinese headline or body.
_SAMPLES = {
    "zh-CN": {"title": "标题待定", "kicker": "引题", "subtitle": "副题", "authors": "[本报记者 王海燕, 通讯员 李铭]",
              "section": "栏目名", "caption": "图片说明", "credit": "摄影者", "body": "正文第一段。"},
    "en": {"title": "Headline to come", "kicker": "Kicker", "subtitle": "Subtitle",
           "authors": "[Jane Smith, Staff Reporter]", "section": "Section", "caption": "What the photo shows",
           "credit": "Photographer", "body": "First paragraph."},
}


def article_skeleton(page: int, title: str = "", language: str = "zh-CN") -> str:
    """An article file with every front matter key; all but the title commented out."""
    sample = _SAMPLES.get(language, _SAMPLES["zh-CN"])
    title = json.dumps(title or sample["title"], ensure_ascii=False)
    fields = []
    for key in ARTICLE_KEYS:
        line, why = _SKELETON_LINES[key]
        first, _, rest = line.format(**{**sample, "title": title, "page": page}).partition("\n")
        fields.append(f"{first:<40} # {why}" + (f"\n{rest}" if rest else ""))
    return "---\n" + "\n".join(fields) + f"\n---\n\n{sample['body']}\n"


def new_edition(config: Config, date: str) -> list[Path]:
    """Create content/<date>/edition.yaml and one empty folder per page; return what was created."""
    problems = Problems(config.root)
    if not valid_date(date):
        problems.error(f"content/{date}", say("scaffold.not_a_date", date=date),
                       hint=say("scaffold.not_a_date_hint", command=command()))
        problems.raise_if_errors()
    folder = config.content_dir / date
    target = folder / "edition.yaml"
    if target.exists():
        problems.error(target, say("scaffold.exists"), hint=say("scaffold.edition_exists_hint"))
        problems.raise_if_errors()
    previous = _latest_before(config, date)
    text = edition_yaml(date, previous)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    created = [target]
    for num in sorted(previous.pages) if previous is not None else [1]:
        page_folder = folder / f"{num:02d}"
        if not page_folder.exists():
            page_folder.mkdir()
            created.append(page_folder)
    return created


def new_article(config: Config, target: str, slug: str, title: str = "") -> Path:
    """Create content/<date>/<page>/<slug>.md from the skeleton; `target` is 'YYYY-MM-DD/NN'."""
    problems = Problems(config.root)
    match = _TARGET_RE.match(target)
    shown = f"content/{target}"
    if not match or not valid_date(match["date"]) or int(match["page"]) < 1:
        problems.error(shown, say("scaffold.not_a_target", target=target),
                       hint=say("scaffold.not_a_target_hint", command=command()))
    if slug.endswith(".md"):
        slug = slug[:-3]
    if not SLUG_RE.match(slug) or slug in _RESERVED_SLUGS:
        problems.error(f"{shown}/{slug[:60]}.md", say("scaffold.bad_slug", slug=excerpt(slug, quoted=False)),
                       hint=say("scaffold.bad_slug_hint"))
    if not _is_utf8(title):
        problems.error(f"{shown}/{slug[:60]}.md", say("scaffold.title_not_utf8", title=excerpt(title)),
                       hint=say("scaffold.title_not_utf8_hint"))
    problems.raise_if_errors()
    edition = config.content_dir / match["date"]
    if not edition.is_dir():
        problems.error(f"content/{match['date']}", say("scaffold.no_edition"),
                       hint=say("scaffold.no_edition_hint", command=command(), date=match["date"]))
        problems.raise_if_errors()
    page = int(match["page"])
    folder = _page_folder(edition, page)
    path = folder / f"{slug}.md"
    if path.exists():
        problems.error(path, say("scaffold.exists"), hint=say("scaffold.article_exists_hint"))
        problems.raise_if_errors()
    text = article_skeleton(page, title, config.language).encode("utf-8")
    folder.mkdir(exist_ok=True)
    with open(path, "xb") as f:         # never over a file made meanwhile
        f.write(text)
    return path


def _is_utf8(text: str) -> bool:
    """Text from the command line that a terminal in another encoding sent is read with stand-ins for the bytes
    it could not decode, which cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _page_folder(edition: Path, page: int) -> Path:
    """The page's existing folder however its number is written ('8' or '08'), else a new '08'."""
    for child in edition.iterdir() if edition.is_dir() else ():
        if child.is_dir() and child.name.isdigit() and int(child.name) == page:
            return child
    return edition / f"{page:02d}"


def _latest_before(config: Config, date: str) -> EditionRecord | None:
    """The newest edition dated before `date` that has an edition.yaml (its pages and number carry over)."""
    tree = scan_content(config, Problems(config.root))
    earlier = [r for d, r in sorted(tree.editions.items()) if d < date and (r.pages or r.number)]
    return earlier[-1] if earlier else None
