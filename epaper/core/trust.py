"""What the build may believe of `.cache/`: only what it can prove it wrote itself.

Anyone who can write into a paper's folder (a restored backup, a CI cache, a shared drive) can put
files into `.cache/`.  So every cache file that is loaded back into the program (the build state, the
no-change record, Jinja's compiled layouts) carries an HMAC-SHA256 made with a key that lives outside
the paper's folder, in the user's own configuration (`$EPAPER_KEY_FILE`, else
`$XDG_CONFIG_HOME/epaper/cache.key`, else `~/.config/epaper/cache.key`; made on first use, 0600).  A
file whose MAC does not match is never unpickled or unmarshalled: it is ignored, and what it would have
saved is made again.  Cached images, merged edition PDFs and offline ZIPs are published only after
their bytes match the MAC recorded when they were made (images.py's `.sums`; `seal` for the others).

`.cache/` itself is made 0700.  One owned by another user, or writable by group or others, is set aside
(renamed) and the build starts from an empty cache, with a warning that names it.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import stat
import time
from pathlib import Path

from .atomic import write_atomic
from .errors import Problem, Problems, SiteError
from .i18n import say

__all__ = ["KEY_ENV", "SignedWriter", "key_file", "cache_key", "key_problem", "sign", "verified", "signed_start", "mac_of",
           "file_matches", "seal",
           "seal_of", "sealed_or_removed", "trusted_cache"]

KEY_ENV = "EPAPER_KEY_FILE"
_MAC = hashlib.sha256().digest_size
_HEAD = 8                 # bytes of the payload's length, after the MAC


def key_file() -> Path:
    """Where this user's cache key is kept: never inside a paper's folder."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "epaper" / "cache.key"


def cache_key() -> bytes:
    """The key every cache file is signed with; made (32 random bytes, readable by this user alone) on
    first use.  OSError, naming the file, when it cannot be read or made, or others could read it."""
    return _key_at(str(key_file()))


@functools.lru_cache(maxsize=4)          # one file read per process and key file (tests switch files)
def _key_at(name: str) -> bytes:
    path = Path(name)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, os.urandom(32))
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)          # only if no other process made it first: then theirs is the key
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        if st.st_uid != os.geteuid() or st.st_mode & 0o077:
            raise PermissionError(0, say("trust.key_not_private", env=KEY_ENV), str(path))
        key = os.read(fd, 4096)
    finally:
        os.close(fd)
    if len(key) < 16:
        raise PermissionError(0, say("trust.key_too_short"), str(path))
    return key


def _mac(label: str, payload) -> bytes:
    h = _hasher(label)
    h.update(payload)
    return h.digest()


def _hasher(label: str):
    return hmac.new(cache_key(), label.encode() + b"\0", hashlib.sha256)


class SignedWriter:
    """Writes into the open file `f` a payload signed as `sign` signs one, as it comes (`pickle.dump`
    into it): a ten-year state is ~100 MB, not to be held whole in memory once more to be signed.  Room
    for the MAC and length is left first, and filled in by `finish`."""

    def __init__(self, f, label: str):
        self.f, self.mac, self.size, self.start = f, _hasher(label), 0, f.tell()
        f.write(bytes(_MAC + _HEAD))

    def write(self, data) -> int:
        self.mac.update(data)
        self.size += len(data)
        return self.f.write(data)

    def finish(self) -> None:
        end = self.f.tell()
        self.f.seek(self.start)
        self.f.write(self.mac.digest() + self.size.to_bytes(_HEAD, "big"))
        self.f.seek(end)


def sign(label: str, payload: bytes) -> bytes:
    """What to write in front of `payload`: its MAC and length.  `label` names what it is (the file, the
    record): a signed file moved to another name does not verify there.  (Written apart from the
    payload: a year's state is 50 MB, not to be copied once more to be joined.)"""
    return _mac(label, payload) + len(payload).to_bytes(_HEAD, "big")


def verified(label: str, blob: bytes, offset: int = 0) -> tuple[bytes | memoryview, int] | None:
    """(the payload signed (`sign`) at `offset` of `blob`, the offset after it), or None when it was not
    signed with this user's key under this label (planted, damaged, cut short or from another machine).
    A large payload comes as a view into `blob`, not copied."""
    start = offset + _MAC + _HEAD
    if len(blob) < start:
        return None
    size = int.from_bytes(blob[offset + _MAC:start], "big")
    payload = memoryview(blob)[start:start + size]
    if len(payload) != size or not hmac.compare_digest(blob[offset:offset + _MAC], _mac(label, payload)):
        return None
    return payload.tobytes() if size < 1 << 20 else payload, start + size


def signed_start(path: Path, size: int) -> bytes:
    """The first `size` bytes of the payload of a file written as `sign` signs one, not verified: enough to
    tell a file not worth verifying (made for another version) without reading it whole."""
    with open(path, "rb") as f:
        return f.read(_MAC + _HEAD + size)[_MAC + _HEAD:]


def mac_of(label: str, data) -> str:
    """The MAC of bytes (hex): what a cached image is checked against before it is published."""
    return _mac(label, data).hex()


def file_matches(path: Path, label: str, recorded: str | None) -> bool:
    """Whether the bytes of `path` are those whose MAC (`mac_of(label, ...)`) was recorded when it was made."""
    if recorded is None:
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hmac.compare_digest(recorded, mac_of(label, data))


def seal(path: Path) -> None:
    """Note the MAC of a cache file just made beside it (`seal_of`), to be checked before it is published."""
    write_atomic(seal_of(path), mac_of(_seal_label(path), path.read_bytes()))


def seal_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.mac")


def _seal_label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def sealed_or_removed(path: Path, problems: Problems, made_from: str) -> bool:
    """Whether a cache file about to be published is still what `seal` noted.  One that is not (damaged
    after it was made: with a warning naming it; or made by an older version, without a note) is removed,
    with its note, to be made again from `made_from` (named in the warning)."""
    try:
        recorded = seal_of(path).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        recorded = None
    if file_matches(path, _seal_label(path), recorded):
        return True
    if recorded is not None and path.exists():
        problems.warn(f".cache/{_seal_label(path)}", say("trust.cache_file_damaged", rel=made_from),
                      hint=say("trust.cache_file_damaged_hint"))
    path.unlink(missing_ok=True)
    seal_of(path).unlink(missing_ok=True)
    return False


def key_problem() -> Problem | None:
    """The error to report when the cache key cannot be read or made (None when it can)."""
    try:
        cache_key()
    except OSError as exc:
        return Problem(str(key_file()), say("trust.key_unusable", error=exc.strerror or exc),
                       hint=say("trust.key_unusable_hint", env=KEY_ENV))
    return None


def trusted_cache(root: Path) -> list[Problem]:
    """Make `root/.cache` this user's alone: created 0700; one that others could have written is set
    aside (renamed) so that the build starts from an empty one.  Returns the warnings to show; SiteError
    when the key cannot be had (nothing in the cache could be believed, nor anything written to it)."""
    problem = key_problem()
    if problem:
        raise SiteError([problem])
    cache = root / ".cache"
    try:
        st = os.stat(cache)
    except FileNotFoundError:
        _make_private(cache)
        return []
    why = _untrusted(st)
    if why is None:
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(cache, 0o700)      # made by an older version (0755): nothing others could have written
        return []
    aside = root / f".cache.untrusted-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    os.rename(cache, aside)
    _make_private(cache)
    return [Problem(".cache", say("trust.not_trusted", why=why, aside=aside.name),
                    hint=say("trust.not_trusted_hint", aside=aside.name), warning=True)]


def _untrusted(st: os.stat_result) -> str | None:
    if not stat.S_ISDIR(st.st_mode):
        return say("trust.not_a_folder")
    if st.st_uid != os.geteuid():
        return say("trust.other_user", uid=st.st_uid)
    if st.st_mode & 0o022:
        return say("trust.others_write", mode=f"{stat.S_IMODE(st.st_mode):04o}")
    return None


def _make_private(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(cache, 0o700)
    except FileExistsError:      # another build made it meanwhile: it is checked on that build's terms
        return
    os.chmod(cache, 0o700)       # whatever the umask
