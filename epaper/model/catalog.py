"""Who and what the browsable indexes are about: the person behind a byline or a photo credit,
and where each index lives.  Pure functions, shared by the views that link to an index and the
views that make it, so a link and the file it points to can never disagree.
"""
from __future__ import annotations

import functools
import hashlib
import re

__all__ = ["KINDS", "person", "subject", "index_url", "index_folder"]

KINDS = ("sections", "authors", "photographers")

# Job titles printed before a name in a byline ("本报记者 王海燕") or a credit ("特约摄影 张启民 摄"):
# the index is about the person, whatever the title of the day.
_ROLE = re.compile(r"^(?:本报|特约|见习|实习)?(?:首席)?(?:记者|通讯员|实习生|摄影记者|摄影|编辑)[\s:：]*")
_CREDIT_MARK = re.compile(r"\s*/?\s*(?:摄影|摄|供图)$")
_UNSAFE = re.compile(r'[/\\:*?"<>|#%&{}\x00-\x1f]|^\.')


@functools.lru_cache(maxsize=65536)     # the same few names on thousands of articles
def person(name: str) -> str:
    """The person a byline or credit names: '本报记者 王海燕' -> '王海燕', '张启民 摄' -> '张启民'."""
    name = " ".join(name.split())
    name = _CREDIT_MARK.sub("", name).strip()
    return _ROLE.sub("", name).strip() or name


@functools.lru_cache(maxsize=65536)     # asked for every article of the archive on every build
def subject(kind: str, name: str) -> str:
    """What an index of `kind` is about: the section name as written, or the person in a byline/credit."""
    return " ".join(name.split()) if kind == "sections" else person(name)


def index_folder(kind: str, name: str) -> str:
    """'authors/王海燕': the name itself when it makes a safe folder name, else a stable hash of it."""
    folder = name if name and not _UNSAFE.search(name) and len(name.encode()) <= 120 else \
        "n-" + hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
    return f"{kind}/{folder}"


def index_url(kind: str, name: str, page: int | None = None) -> str:
    """Site-relative file of an index's front page (its newest entries: the folder's index.html), or of
    its page `page` of older entries (page/N/, numbered from the oldest; see indexes.py)."""
    folder = index_folder(kind, name)
    return f"{folder}/index.html" if page is None else f"{folder}/page/{page}/index.html"
