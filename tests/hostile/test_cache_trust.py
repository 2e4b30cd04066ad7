"""A `.cache/` written by someone else: planted pickles and compiled layouts must not run, a damaged
cached image must not be published, and a cache others could write into is not believed at all.

The build is run as an editor runs it (`build.py` in a subprocess: a fresh process loads every cache
file again) and judged by what it prints, its exit code and what lands in public/.
"""
from __future__ import annotations

import os
import pickle
import shlex
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2.bccache
import pytest
from PIL import Image

from conftest import REPO

ARTICLE = "2024-11-25/01/bridge.md"


def run_build(paper, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(paper.root), "--jobs", "1",
                           "--no-search", *args], env=env, capture_output=True, text=True, timeout=120)


class _Planted:
    """What an attacker pickles: unpickling it runs a shell command that leaves `marker` behind."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {shlex.quote(str(self.marker))}",)


def planted_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Planted(marker))


def with_photo(paper) -> None:
    folder = paper.root / "content/2024-11-25/01"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 400), (200, 40, 40)).save(folder / "bridge.jpg", quality=90)
    paper.article(ARTICLE, "title: 大桥合龙\nimages:\n  - {file: bridge.jpg, caption: 合龙}")


def built(paper) -> subprocess.CompletedProcess:
    paper.age()                  # files saved in the last seconds are never trusted: no no-change record
    result = run_build(paper)
    assert result.returncode == 0, result.stderr
    return result


def test_a_planted_state_pickle_does_not_run_and_the_build_makes_everything_again(small_paper, tmp_path):
    built(small_paper)
    marker = tmp_path / "pwned"
    states = sorted((small_paper.root / ".cache/state").glob("*.pickle"))
    assert states
    for state in states:
        state.write_bytes(planted_pickle(marker))
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇改\norder: 2")     # not "nothing changed"
    result = run_build(small_paper)
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    assert f".cache/state/{states[0].name}: warning: ignored: it was not written by this user's builds" in result.stderr
    assert "第二篇改" in small_paper.read("2024-11-25/01/second.html")
    again = run_build(small_paper)                     # the state saved now is believed again: no warning
    assert again.returncode == 0 and "warning" not in again.stderr and not marker.exists()


def test_a_planted_no_change_record_is_not_believed(small_paper, tmp_path):
    built(small_paper)
    marker = tmp_path / "pwned"
    records = sorted((small_paper.root / ".cache/state").glob("*.quick"))
    assert records
    for record in records:
        record.write_bytes(planted_pickle(marker))
    result = run_build(small_paper)
    assert result.returncode == 0 and not marker.exists()
    assert f".cache/state/{records[0].name}: warning: ignored" in result.stderr


def test_a_planted_jinja_bytecode_file_does_not_run(small_paper, tmp_path):
    built(small_paper)
    marker = tmp_path / "pwned"
    # Jinja's own format: its magic, then a pickled checksum, then marshalled code.
    payload = jinja2.bccache.bc_magic + planted_pickle(marker)
    compiled = [p for p in (small_paper.root / ".cache/jinja").iterdir()
                if p.is_file() and not p.name.startswith("refs.")]
    assert compiled
    for path in compiled:
        path.write_bytes(payload)
    result = run_build(small_paper, "--clean")
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    assert f".cache/jinja/{compiled[0].name}: warning: ignored" in result.stderr
    assert "头条新闻" in small_paper.read("2024-11-25/01/lead-story.html")


def _damage_in_place(path: Path) -> None:
    """Change bytes in the middle of a cached image, keeping its size, mtime and end marker."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(b ^ 0x5A for b in data[middle:middle + 64])
    with open(path, "r+b") as f:            # in place, as a disk error or another program would
        f.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _published_images(paper) -> dict[str, bytes]:
    return {rel: data for rel, data in paper.files().items() if rel.endswith((".jpg", ".webp", ".avif"))}


@pytest.mark.parametrize("how", ["--clean", "public deleted", "touched"])
def test_a_damaged_cached_image_is_made_again_not_published(small_paper, how):
    with_photo(small_paper)
    built(small_paper)
    fresh = _published_images(small_paper)
    assert fresh
    rel, data = sorted(fresh.items())[0]
    cached = [p for p in (small_paper.root / ".cache/images").rglob("*") if p.is_file() and p.read_bytes() == data]
    assert cached
    _damage_in_place(cached[0])
    args = []
    if how == "--clean":
        args = ["--clean"]
    elif how == "public deleted":
        subprocess.run(["rm", "-rf", str(small_paper.public)], check=True)     # as an editor would (a link)
    else:                                   # damaged by a program that leaves a new mtime; an article edited
        os.utime(cached[0])
        small_paper.article("2024-11-25/01/second.md", "title: 第二篇改\norder: 2")
    result = run_build(small_paper, *args)
    assert result.returncode == 0, result.stderr
    assert _published_images(small_paper) == fresh
    assert "warning: damaged: its bytes are not those made from content/2024-11-25/01/bridge.jpg" in result.stderr


def test_a_damaged_cached_image_does_not_go_into_an_offline_zip(small_paper):
    with_photo(small_paper)
    built(small_paper)
    fresh = _published_images(small_paper)
    cached = {p: p.read_bytes() for p in (small_paper.root / ".cache/images").rglob("*") if p.is_file()}
    for path, data in cached.items():
        if data in fresh.values():
            _damage_in_place(path)
    small_paper.article(ARTICLE, "title: 大桥合龙（更新）\nimages:\n  - {file: bridge.jpg, caption: 合龙}")
    result = run_build(small_paper)          # the edition changed: its offline ZIP is made again
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(small_paper.public / "2024-11-25/2024-11-25-offline.zip") as z:
        zipped = {name: z.read(name) for name in z.namelist() if name.endswith((".jpg", ".webp"))}
    assert zipped and all(data in fresh.values() for data in zipped.values())
    assert "warning: damaged" in result.stderr


def test_the_cache_folder_is_private_to_its_user(small_paper):
    built(small_paper)
    assert stat.S_IMODE((small_paper.root / ".cache").stat().st_mode) == 0o700


def test_a_cache_others_may_write_into_is_set_aside_and_rebuilt(small_paper, tmp_path):
    built(small_paper)
    cache = small_paper.root / ".cache"
    marker = tmp_path / "pwned"
    for state in (cache / "state").glob("*.pickle"):
        state.write_bytes(planted_pickle(marker))
    os.chmod(cache, 0o777)
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇改\norder: 2")
    result = run_build(small_paper)
    assert result.returncode == 0, result.stderr
    aside = [p.name for p in small_paper.root.glob(".cache.untrusted-*")]
    assert len(aside) == 1
    assert (f".cache: warning: not trusted: group or others may write into it (mode 0777); set aside as {aside[0]}"
            in result.stderr)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and not marker.exists()
    after = small_paper.files()
    assert "第二篇改" in small_paper.read("2024-11-25/01/second.html")
    again = run_build(small_paper)           # the cache made now is believed: no warning, nothing to do
    assert again.returncode == 0 and "warning" not in again.stderr and small_paper.files() == after


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_owned_by_another_user_is_set_aside(small_paper):
    built(small_paper)
    cache = small_paper.root / ".cache"
    os.chown(cache, 4242, 4242)
    result = run_build(small_paper)
    assert result.returncode == 0, result.stderr
    assert ".cache: warning: not trusted: it belongs to another user (uid 4242)" in result.stderr
    assert cache.stat().st_uid == os.geteuid()


def test_the_key_lives_outside_the_paper_readable_by_its_user_alone(small_paper, tmp_path, monkeypatch):
    from epaper.core import trust
    monkeypatch.delenv(trust.KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env_key = tmp_path / "config/epaper/cache.key"
    assert trust.key_file() == env_key
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(small_paper.root), "--jobs", "1",
                             "--no-search"], env={**os.environ, "PYTHONPATH": str(REPO), "CI": "1"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(env_key.stat().st_mode) == 0o600 and len(env_key.read_bytes()) == 32
    assert not any(p.name == "cache.key" for p in small_paper.root.rglob("*"))


def test_a_key_others_can_read_is_refused_with_its_name_leaving_public_as_it_was(small_paper, tmp_path):
    built(small_paper)
    before = small_paper.files()
    key = tmp_path / "shared.key"
    key.write_bytes(os.urandom(32))
    os.chmod(key, 0o644)
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇改\norder: 2")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1", "EPAPER_KEY_FILE": str(key)}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(small_paper.root), "--jobs", "1",
                             "--no-search"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{key}: error: cannot use this file as the cache key: the cache key must be this user's and readable " \
        "by no one else (chmod 600 it" in result.stderr
    assert small_paper.files() == before


def test_a_chinese_paper_is_told_in_chinese_what_in_its_cache_was_not_believed(small_paper, tmp_path):
    built(small_paper)
    marker = tmp_path / "pwned"
    cache = small_paper.root / ".cache"
    (state,) = (cache / "state").glob("*.pickle")
    state.write_bytes(planted_pickle(marker))
    compiled = sorted(p for p in (cache / "jinja").iterdir() if p.is_file() and not p.name.startswith("refs."))
    compiled[0].write_bytes(jinja2.bccache.bc_magic + planted_pickle(marker))
    result = run_build(small_paper, "--clean", "--lang", "zh-CN")
    assert result.returncode == 0 and not marker.exists(), result.stderr
    assert f".cache/state/{state.name}: 警告: 已忽略：它不是当前用户的构建写下的（签名不符）；构建会把它记录的内容全部" \
           "重新生成\n    偶尔出现一次无需处理；如果反复出现，说明有别的程序在写入 .cache/。\n" in result.stderr
    assert f".cache/jinja/{compiled[0].name}: 警告: 已忽略：它不是当前用户的构建写下的（签名不符）；模板将重新编译\n" \
        in result.stderr
    os.chmod(cache, 0o777)
    result = run_build(small_paper, "--lang", "zh-CN")
    (aside,) = [p.name for p in small_paper.root.glob(".cache.untrusted-*")]
    assert f".cache: 警告: 不可信：同组用户或其他人可以写入它（权限 0777）；已改名为 {aside} 放在一边，其中的内容都将" \
           f"重新生成\n    请检查 {aside}（有别的人或程序在里面写过文件），然后删除它。\n" in result.stderr, result.stderr
    key = tmp_path / "shared.key"
    key.write_bytes(os.urandom(32))
    os.chmod(key, 0o644)
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1", "EPAPER_KEY_FILE": str(key), "EPAPER_LANG": "zh-CN"}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(small_paper.root), "--jobs", "1",
                             "--no-search"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{key}: 错误: 无法把这个文件用作缓存密钥：缓存密钥必须属于当前用户，并且别人都不能读取（请对它执行 chmod 600，" \
           f"或删除它以生成新的；也可以用 EPAPER_KEY_FILE 指定另一个文件）\n    也可以把 EPAPER_KEY_FILE 设为报纸文件夹以外" in result.stderr


@pytest.mark.parametrize("how", ["--clean", "public deleted"])
@pytest.mark.parametrize("kind, url", [("pdf", "2024-11-25/2024-11-25-edition.pdf"),
                                       ("offline", "2024-11-25/2024-11-25-offline.zip")])
def test_a_damaged_merged_pdf_or_offline_zip_is_made_again_not_published(paper, kind, url, how):
    from extras_paper import rich_paper
    rich_paper(paper)
    built(paper)
    fresh = (paper.public / url).read_bytes()
    cached = [p for p in (paper.root / ".cache" / kind).iterdir() if p.read_bytes() == fresh]
    assert len(cached) == 1
    _damage_in_place(cached[0])
    if how == "--clean":
        result = run_build(paper, "--clean")
    else:
        subprocess.run(["rm", "-rf", str(paper.public)], check=True)
        result = run_build(paper)
    assert result.returncode == 0, result.stderr
    assert (paper.public / url).read_bytes() == fresh
    assert f".cache/{kind}/{cached[0].name}: warning: damaged: its bytes are not those made from content/2024-11-25/" \
        in result.stderr, result.stderr
