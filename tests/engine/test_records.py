"""The build database's records of the site's files and groups: an evening's build reads what it changes."""
from __future__ import annotations

import time

from epaper.model import index_url, person


def _recorded_keys(monkeypatch) -> list[str]:
    """The keys of every shard of the build's records unmarshalled from now on (in this process)."""
    from epaper.engine import tables
    keys: list[str] = []
    real = tables._loaded

    def loaded(blob):
        shard = real(blob)
        keys.extend(shard)
        return shard
    monkeypatch.setattr(tables, "_loaded", loaded)
    return keys


def _age_new(paper) -> None:
    paper.age(paths=[p for p in (paper.root / "content").rglob("*") if p.stat().st_mtime > time.time() - 5]
              + [paper.root / "content"])


def test_an_added_edition_reads_the_records_of_what_it_changes_not_of_older_months(small_paper, monkeypatch):
    """Tonight's edition is made and published reading, of the record of the site's files and groups,
    the shards its own files, its month's and the indexes it is listed in fall in: the pages of an
    edition of another month, and the index of an author it does not name, are not read; and they are
    still published, as recorded."""
    small_paper.article("2024-09-10/01/autumn.md", "title: 九月的新闻\nauthors: 记者丙")
    small_paper.age()
    small_paper.build()
    small_paper.build()
    autumn = small_paper.read("2024-09-10/01/autumn.html")
    keys = _recorded_keys(monkeypatch)
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期\nauthors: 记者乙")
    _age_new(small_paper)
    report = small_paper.build()
    assert "2024-11-26/01/new.html" in report.changed
    assert keys, "the build read no record at all"
    assert "2024-11-25/01/index.html" in keys        # its month's: the edition before links to it now
    assert not [k for k in keys if k.startswith("2024-09-10/01/")]      # its pages (its ZIP's record is read)
    assert f"authors:{person('记者丙')}" not in keys
    assert small_paper.read("2024-09-10/01/autumn.html") == autumn
    assert "九月的新闻" in small_paper.read(index_url("authors", person("记者丙")))
    assert "新的一期" in small_paper.read(index_url("authors", person("记者乙")))


def test_a_build_that_fails_leaves_the_last_record_as_it_was(small_paper, monkeypatch):
    """The new record starts as a copy of the last one sharing its shards; a build that fails after
    changing it leaves the last record whole: the next build, with the error mended, publishes the
    edition, and takes the rest as recorded."""
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期")
    small_paper.article("2024-11-26/01/bad.md", "title: [unclosed")
    _age_new(small_paper)
    small_paper.build_fails()
    small_paper.article("2024-11-26/01/bad.md", "title: 修好了")
    _age_new(small_paper)
    report = small_paper.build()
    assert "2024-11-26/01/new.html" in report.changed and "2024-11-24/01/old-news.html" not in report.changed
    assert "修好了" in small_paper.read("2024-11-26/01/bad.html")
    assert small_paper.build().written == 0
