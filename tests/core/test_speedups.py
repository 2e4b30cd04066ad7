"""epaper/core/speedups.py reaches into Jinja's, MarkupSafe's and zipfile's private names for the versions it was
written for; on any other version the public path must give the same site."""
import io
import re
import shutil
import zipfile
from importlib.metadata import version

from epaper.render import render

from epaper.core import speedups

from conftest import REPO


def _pinned(name: str) -> str:
    text = (REPO / "requirements.txt").read_text(encoding="utf-8")
    return re.search(rf"^{name}==([^\s#]+)", text, re.M | re.I).group(1)


def test_the_pinned_libraries_are_the_versions_the_speedups_were_written_for():
    # Failing here after an upgrade: read speedups.py against the new version's source, then move WRITTEN_FOR.
    for name, written_for in speedups.WRITTEN_FOR.items():
        assert _pinned(name) == written_for, name
        assert version(name) == written_for, name
        assert speedups.fits(name)
    assert speedups.jinja_speedups()


def test_the_public_path_writes_the_same_site(small_paper, monkeypatch):
    small_paper.write("site.yaml", "name: 测试<日报> & \"Co\"\nlanguage: zh-CN\nbase_url: https://paper.example.com/\n")
    small_paper.article("2024-11-25/02/gamma.md", "title: 'A <b>&amp; \"quoted\" 标题'\nauthors: [\"O'Brien & <Co>\"]",
                        "正文 <em>段落</em> & more.\n")
    twin = small_paper.root.parent / "twin"
    shutil.copytree(small_paper.root, twin)
    small_paper.build()
    fast = small_paper.files()
    monkeypatch.setattr(render, "jinja_speedups", lambda: False)
    monkeypatch.setattr(speedups, "fits", lambda name: False)
    small_paper.root, small_paper.public = twin, twin / "public"
    small_paper.build()
    plain = small_paper.files()
    assert fast.keys() == plain.keys()
    zips = [p for p in fast if p.endswith(".zip")]
    assert zips
    for path in zips:       # zlib deflates to other bytes than ISA-L: the files inside are the same
        assert _unzipped(fast.pop(path)) == _unzipped(plain.pop(path))
    differ = [p for p in fast if fast[p] != plain[p]]
    assert differ == []


def _unzipped(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}
