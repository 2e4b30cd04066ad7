"""Writing public/: only through a staging folder, never outside public/, never disturbed by another run."""
from __future__ import annotations

import pytest

from epaper.engine.output import Staging, commit, safe_join


def test_can_commit_staged_files_copies_and_removals(tmp_path):
    public = tmp_path / "public"
    (public / "old").mkdir(parents=True)
    (public / "old/gone.html").write_text("old")
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg")
    staging = Staging(tmp_path / ".cache/staging")
    staging.write("2024-11-25/01/index.html", "<p>版面</p>")
    commit(public, staging, ["2024-11-25/01/index.html"], {"2024-11-25/01/photo.jpg": source}, ["old/gone.html"])
    assert (public / "2024-11-25/01/index.html").read_text(encoding="utf-8") == "<p>版面</p>"
    assert (public / "2024-11-25/01/photo.jpg").read_bytes() == b"jpeg"
    assert not (public / "old").exists() and not staging.folder.exists()


@pytest.mark.parametrize("rename_fails", [False, True])
def test_a_first_commit_publishes_every_file_in_a_folder_others_can_read(tmp_path, monkeypatch, rename_fails):
    """A first build moves the whole staging folder into place; where it cannot (another file system),
    file by file."""
    if rename_fails:
        monkeypatch.setattr("epaper.engine.output.os.rename", lambda *a: (_ for _ in ()).throw(OSError(18, "EXDEV")))
    public = tmp_path / "site" / "public"
    cache = tmp_path / ".cache/images"
    cache.mkdir(parents=True)
    (cache / "abc.webp").write_bytes(b"webp")
    staging = Staging(tmp_path / ".cache/staging")
    staging.write("2024-11-25/01/index.html", "<p>版面</p>")
    commit(public, staging, ["2024-11-25/01/index.html"], {"2024-11-25/01/p.webp": cache / "abc.webp"}, [])
    assert (public / "2024-11-25/01/index.html").read_text(encoding="utf-8") == "<p>版面</p>"
    # A copy: a cached file damaged in place must not damage what is published.
    assert (public / "2024-11-25/01/p.webp").read_bytes() == b"webp"
    assert not (public / "2024-11-25/01/p.webp").samefile(cache / "abc.webp")
    assert public.stat().st_mode & 0o755 == 0o755
    assert not staging.folder.exists() and not (tmp_path / ".cache/staging").exists()


def test_can_run_two_stagings_side_by_side(tmp_path):
    first = Staging(tmp_path / "staging")
    first.write("a.html", "A")
    second = Staging(tmp_path / "staging")        # a second run starting must not empty the first's folder
    second.write("a.html", "B")
    assert (first.folder / "a.html").read_text() == "A" and first.folder != second.folder
    second.discard()
    assert (first.folder / "a.html").exists()


@pytest.mark.parametrize("rel", ["../outside.html", "/etc/passwd", "a/../../outside.html"])
def test_errors_on_writing_outside_the_output_folder(tmp_path, rel):
    with pytest.raises(ValueError, match="refusing to write outside"):
        safe_join(tmp_path / "public", rel)
