"""Files written through epaper/core/atomic.py: whole or not at all, and no scratch file left behind."""
import pytest

from epaper.core.atomic import replaced, write_atomic


def test_writes_bytes_text_or_what_a_function_writes(tmp_path):
    write_atomic(tmp_path / "a.bin", b"\x00\x01")
    write_atomic(tmp_path / "b.txt", "头版\n")
    write_atomic(tmp_path / "c.bin", lambda f: f.write(b"made"))
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "头版\n"
    assert (tmp_path / "c.bin").read_bytes() == b"made"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.txt", "c.bin"]


def test_a_write_that_fails_leaves_the_old_file_and_no_scratch_file(tmp_path):
    path = tmp_path / "state"
    path.write_bytes(b"old")

    def half(f):
        f.write(b"ne")
        raise OSError("disk full")
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, half)
    with pytest.raises(ValueError):
        with replaced(path) as tmp:
            tmp.write_bytes(b"new")
            raise ValueError("stopped")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["state"]
