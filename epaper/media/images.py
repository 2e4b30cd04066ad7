"""Images: decide which resized copies each photo and page scan needs, make the missing ones, cache them.

enqueue -> process -> (the engine publishes) -> prune (`build.py clean --cache`).  The cache's names and
notes, whether a copy is trusted, and pruning are in imagecache.py.

A copy's cache name is the hash of the source's bytes and the operation (width, format, quality,
pipeline version), so a rebuild (even after `rm -rf public`) decodes no image whose copies are cached,
renaming a photo costs nothing, and changing one width makes only that width's copies.  The source's
pixel size is kept beside its copies (`<hash>.size`), so knowing the copies' names never needs a decode.
Source hashes are remembered by (size, mtime), so unchanged photos are not even read.

Every cache file is written to a temporary name and moved into place with os.replace, and a copy is
trusted only if it is complete (its format's own length fields or end marker agree with its size): a
killed build can leave a stray temporary file, never a half-written copy that a later build uses.
The MAC of each copy's bytes (trust.py: keyed, so not to be forged by whoever can write the cache) is
noted beside it when it is made (`<hash>.sums`); a copy about to be published is checked against it
(`verify_published`), and one damaged since is made again.
"""
from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from PIL import Image, ImageCms, ImageOps, features

from ..config import Config
from ..core import Problems, in_workers, key_problem, mac_of, say, trusted_mtime
from ..model import Edition, Named, Site
from .imagecache import (EXT, cache_file_name, is_complete, matches, note_sums, read_size, read_sums, size_file,
    sums_label, trusted, write_cache_file)

__all__ = ["Variant", "Picture", "ImageStats", "process_images", "verify_published"]

MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "avif": "image/avif"}
Image.MAX_IMAGE_PIXELS = 120_000_000   # a 40000x40000 "photo" is a decompression bomb, not a photo
PDF_DPI = 200                    # page scans rendered from a PDF: sharp enough to zoom into small print
PDF_MAX_PIXELS = 40_000_000      # ... but a PDF page claiming to be a billboard is rendered smaller


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str
    cache_file: str      # path under .cache/images/
    url: str             # site-relative path in public/


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    variants: tuple[Variant, ...]
    source_hash: str = ""

    def of_format(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.format == fmt]

    @property
    def fallback(self) -> Variant:
        """A JPEG (or the last format) of a middle width: what browsers without srcset show."""
        vs = self.of_format("jpeg") or self.of_format(self.variants[-1].format)
        return vs[len(vs) // 2] if len(vs) > 2 else vs[-1]

    @property
    def largest(self) -> Variant:
        return max(self.variants, key=lambda v: (v.width, v.format == "jpeg"))


@dataclass
class ImageStats:
    processed: int = 0      # sources decoded this run
    cached: int = 0         # sources whose copies all came from the cache


@dataclass(frozen=True)
class _Task:
    """One source to decode and the copies to make of it (sent to a worker process)."""
    path: str
    sha: str
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: dict
    cache_root: str


def process_images(config: Config, site: Site, problems: Problems, state: dict,
                   jobs: int = 0, progress=None, convert: bool = True) -> tuple[dict[str, Picture], ImageStats]:
    """Make sure every copy the site needs is in the cache; return a Picture per source path.
    `convert=False` (check): make nothing, only work out each copy's name and size, a source's size read
    from the cache's note or from the file's header (as a build would find it, so the pages are the same).

    `state` persists between runs: {"hashes": {rel: (mtime_ns, size, sha)}, "sizes": {sha: (w, h)},
    "verified": {cache_file: bytes}} (copies already checked complete, so a rebuild only stats them).
    `progress(total)`, when given, is told how many images will be converted and returns the function
    to call after each one.
    """
    stats = ImageStats()
    if not _formats_supported(config, problems):
        return {}, stats
    if convert and key_problem():   # the workers note each copy's MAC with the key: one unreadable is an error
        problems.extend([key_problem()])
        return {}, stats
    old_hashes, old_sizes, old_verified = (state.get(k, {}) for k in ("hashes", "sizes", "verified"))
    # started afresh each run, so that entries of sources no longer used drop out
    hashes, sizes, verified = {}, {}, {}
    state.update(hashes=hashes, sizes=sizes, verified=verified)
    cache_root = config.cache_dir / "images"
    todo: list[tuple[_Task, str, tuple[int, ...], str]] = []
    pictures = {}
    for rel, (named, widths, owner) in _wanted(config, site.editions).items():
        try:
            hashes[rel] = _source_hash(named, old_hashes.get(rel))
        except OSError as exc:
            problems.error(f"content/{owner}", say("images.unreadable", rel=rel, error=exc.strerror or exc))
            continue
        sha = hashes[rel][2]
        size = sizes[sha] = old_sizes.get(sha) or read_size(cache_root, sha)
        if not convert:
            _plan_only(config, rel, sha, size or _header_size(named.path), widths, owner, sizes, pictures, problems)
            continue
        picture = size and _picture(config, rel, sha, size, widths)
        if picture and all(trusted(cache_root, v, old_verified, verified) for v in picture.variants):
            pictures[rel] = picture
            stats.cached += 1
            continue
        todo.append((_Task(named.path, sha, widths, config.image_formats, config.image_quality,
                           str(cache_root)), rel, widths, owner))
    results = _run([t for t, *_ in todo], jobs, progress)
    for (task, rel, widths, owner), (size, error) in zip(todo, results):
        if error:
            problems.error(f"content/{owner}", say("images.bad_image", rel=rel, error=error),
                           hint=say("images.bad_image_hint"))
            continue
        sizes[task.sha] = size
        pictures[rel] = _picture(config, rel, task.sha, size, widths)
        stats.processed += 1
    return pictures, stats


def _plan_only(config: Config, rel: str, sha: str, size: tuple[int, int] | str, widths: tuple[int, ...], owner: str,
               sizes: dict, pictures: dict[str, Picture], problems: Problems) -> None:
    """The source's Picture from its size, or the reason it has none reported as a build would."""
    if isinstance(size, str):
        problems.error(f"content/{owner}", say("images.bad_image", rel=rel, error=size), hint=say("images.bad_image_hint"))
        return
    sizes[sha] = size
    pictures[rel] = _picture(config, rel, sha, size, widths)


def _header_size(path: str) -> tuple[int, int] | str:
    """The size `_decode` would find, read from the file's header (no pixels decoded), or why it cannot be."""
    try:
        if str(path).lower().endswith(".pdf"):
            return _pdf_size(str(path))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                im.seek(0)
                return _oriented_size(im)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return say("images.bomb", error=exc)
    except Image.UnidentifiedImageError:
        return say("images.not_a_picture")
    except _PdfError as exc:
        return say("images.pdf_failed", error=exc)
    except Exception as exc:      # a damaged header: reported with the file, as a build would
        return say("images.damaged", error=exc)


def _formats_supported(config: Config, problems: Problems) -> bool:
    missing = [f for f in config.image_formats if not features.check(f.replace("jpeg", "jpg"))]
    for fmt in missing:
        problems.error("site.yaml", say("images.no_format", format=fmt), hint=say("images.no_format_hint", format=fmt))
    return not missing


def _wanted(config: Config, editions: list[Edition]) -> dict[str, tuple[Named, tuple[int, ...], str]]:
    """Every source image the editions show -> (the file, widths wanted, the file that names it)."""
    wanted = {}
    for edition in editions:
        for named in edition.outline.files:
            if named.role != "pdf":
                widths = config.scan_widths if named.role == "scan" else config.image_widths
                wanted.setdefault(named.rel, (named, widths, named.owner))
    return wanted


def _source_hash(named: Named, known: tuple | None) -> tuple[int, int, str]:
    """(mtime_ns, size, hash of the bytes); the known record is reused while size and mtime hold."""
    st = os.stat(named.path)
    if known and known[0] == st.st_mtime_ns and known[1] == st.st_size:
        return known
    h = hashlib.blake2b(digest_size=16)
    with open(named.path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return (trusted_mtime(st), st.st_size, h.hexdigest())


def _plan(size: tuple[int, int], widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """(width, height) of each copy, smallest first: the configured widths up to the source's, plus the
    source's own width when it lies below the largest one (never upscaled)."""
    w, h = size
    out = [x for x in widths if x <= w] or [w]
    if w < max(widths) and w not in out and len(out) < len(widths):
        out.append(w)
    return [(x, max(1, round(h * x / w))) for x in out]


def _picture(config: Config, rel: str, sha: str, size, widths) -> Picture:
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    variants = []
    for fmt in config.image_formats:
        for w, h in _plan(size, widths):
            cache_file = cache_file_name(sha, w, fmt, config.image_quality[fmt])
            key = cache_file.split("/")[1].split(".")[0]
            variants.append(Variant(w, h, fmt, cache_file, f"{folder}/{stem}.{key[:10]}.{w}.{EXT[fmt]}".lstrip("/")))
    return Picture(size[0], size[1], tuple(variants), sha)


# --- processing (runs in worker processes) ------------------------------------------------------

def _run(tasks: list[_Task], jobs: int, progress) -> list[tuple[tuple[int, int] | None, str]]:
    """Process every task, the largest files first so that no core idles at the end."""
    if not tasks:
        return []
    advance = progress(len(tasks)) if progress else (lambda: None)
    order = sorted(range(len(tasks)), key=lambda i: -_file_size(tasks[i].path))
    results: list = [None] * len(tasks)

    def task(n: int) -> tuple[int, tuple[tuple[int, int] | None, str]]:
        return order[n], _process_one(tasks[order[n]])

    for i, result in in_workers(task, len(tasks), jobs):
        results[i] = result
        advance()
    return results


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _process_one(task: _Task) -> tuple[tuple[int, int] | None, str]:
    """Decode once (at reduced scale when possible), write the missing copies; (size, '') or (None, why)."""
    try:
        img, size = _decode(task.path, task.widths)
        note_sums(Path(task.cache_root), task.sha, _write_copies(img, task, _plan(size, task.widths)))
        if read_size(Path(task.cache_root), task.sha) != size:
            write_cache_file(Path(task.cache_root) / size_file(task.sha), f"{size[0]} {size[1]}\n".encode())
        return size, ""
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return None, say("images.bomb", error=exc)
    except Image.UnidentifiedImageError:
        return None, say("images.not_a_picture")
    except _PdfError as exc:
        return None, say("images.pdf_failed", error=exc)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return None, say("images.damaged", error=exc)
    except Exception as exc:      # a decoder's own bug must not end the build: report it with the file
        return None, say("images.unconvertible", error=f"{type(exc).__name__}: {exc}")


class _PdfError(Exception):
    pass


def _decode(path: str, widths: tuple[int, ...]) -> tuple[Image.Image, tuple[int, int]]:
    """The source as upright sRGB pixels (maybe reduced, never below the largest copy) and its full size."""
    if path.lower().endswith(".pdf"):
        img = _to_srgb(_render_pdf(path))
        size = img.size
    else:
        img, size = _decode_picture(path, widths)
    img.info = {}                            # no EXIF (GPS!), no profile, no comments reach the copies
    return img, size


def _decode_picture(path: str, widths: tuple[int, ...]) -> tuple[Image.Image, tuple[int, int]]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as im:
            im.seek(0)                       # an animated GIF or WebP shows its first frame
            size = _oriented_size(im)
            _draft(im, size, _plan(size, widths)[-1][0])
            ImageOps.exif_transpose(im, in_place=True)      # in place: a copy of a large photo is costly
            return _to_srgb(im), size


def _render_pdf(path: str) -> Image.Image:
    """Page 1 of the PDF at PDF_DPI, smaller if that would exceed PDF_MAX_PIXELS."""
    with _first_page(path) as page:
        return page.render(scale=_pdf_scale(*page.get_size())).to_pil()


def _pdf_size(path: str) -> tuple[int, int]:
    """The pixel size `_render_pdf` renders page 1 at (pdfium rounds the scaled page size up)."""
    with _first_page(path) as page:
        w, h = page.get_size()
        scale = _pdf_scale(w, h)
        return math.ceil(w * scale), math.ceil(h * scale)


def _pdf_scale(w: float, h: float) -> float:
    return min(PDF_DPI / 72, math.sqrt(PDF_MAX_PIXELS / max(1.0, w * h)))


@contextmanager
def _first_page(path: str) -> Iterator:
    """Page 1 of the PDF at `path`; what pdfium cannot read, or a PDF without pages, raises _PdfError."""
    import pypdfium2 as pdfium        # only papers with PDF-only pages need it

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise _PdfError(exc) from None
    try:
        if len(pdf) == 0:
            raise _PdfError(say("images.pdf_no_pages"))
        yield pdf[0]
    except pdfium.PdfiumError as exc:
        raise _PdfError(exc) from None
    finally:
        pdf.close()


def _write_copies(img: Image.Image, task: _Task, plan: list[tuple[int, int]]) -> dict[str, str]:
    """Each missing copy, resized from the next larger one (not from the full source: much faster);
    returns {cache file: MAC of its bytes} of the copies written."""
    root = Path(task.cache_root)
    missing = {(w, fmt): cache_file_name(task.sha, w, fmt, task.quality[fmt]) for fmt in task.formats for w, _ in plan}
    missing = {k: name for k, name in missing.items() if not is_complete(root / name, k[1])}
    made: dict[str, str] = {}
    if not missing:
        return made
    smallest = min(w for w, _ in missing)
    current = img
    for w, h in reversed(plan):
        if w < smallest:
            break
        if current.size != (w, h):
            current = current.resize((w, h), Image.LANCZOS, reducing_gap=3.0)
        for fmt in task.formats:
            if (w, fmt) in missing:
                name = missing[w, fmt]
                made[name] = mac_of(sums_label(name), _save(current, root / name, fmt, task.quality[fmt]))
    return made


def _oriented_size(im: Image.Image) -> tuple[int, int]:
    w, h = im.size
    orientation = im.getexif().get(0x0112, 1)
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def _draft(im: Image.Image, size: tuple[int, int], largest: int) -> None:
    """Let the JPEG decoder scale down by 2/4/8 when the largest copy is much smaller than the source."""
    if im.format == "JPEG" and largest * 2 <= size[0]:
        w, h = im.size
        scale = largest / size[0]
        im.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))


def _to_srgb(im: Image.Image) -> Image.Image:
    """RGB in sRGB: embedded ICC profiles converted, CMYK, 16-bit and palettes flattened, alpha on white."""
    icc = im.info.get("icc_profile")
    if im.mode in ("P", "PA"):
        im = im.convert("RGBA")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")      # 16-bit grey: keep the tones, not clip them
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
            im = ImageCms.profileToProfile(im, src, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass        # a broken or mismatched profile: the pixels are taken as sRGB, as browsers do
    if im.mode in ("RGBA", "LA"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im if im.mode == "RGB" else im.convert("RGB")


_SRGB = ImageCms.createProfile("sRGB")


def _save(im: Image.Image, dest: Path, fmt: str, quality: int) -> memoryview:
    options: dict = {"quality": quality}
    if fmt == "jpeg":
        options.update(progressive=True, optimize=True)
    elif fmt == "webp":
        options.update(method=4)
    buf = io.BytesIO()
    im.save(buf, format=fmt.upper(), **options)   # no exif=/icc_profile= given, and info is empty
    write_cache_file(dest, buf.getbuffer())
    return buf.getbuffer()


# --- before publishing ---------------------------------------------------------------------------

def verify_published(config: Config, site: Site, pictures: dict[str, Picture], publishing: Callable[[str], bool],
                     editions: list[Edition], problems: Problems) -> list[str]:
    """Check each cached copy about to be used against the MAC noted when it was made: those published
    now (`publishing(public path)`) and those of `editions` (their offline ZIPs are made now).  One
    that does not match is made again (with a warning: it was damaged after it was made), as is one
    with no note (made by an older version).  Only these are read: a build that publishes a few new
    copies reads a few.  Returns the public paths of the copies made again."""
    root = config.cache_dir / "images"
    zipped = _wanted(config, editions)
    suspect: dict[str, list[Variant]] = {}
    for rel, picture in pictures.items():
        used = [v for v in picture.variants if rel in zipped or publishing(v.url)]
        sums = read_sums(root, picture.source_hash) if used else {}
        for v in used:
            if matches(root, v.cache_file, sums.get(v.cache_file)):
                continue
            if sums.get(v.cache_file):
                problems.warn(f".cache/images/{v.cache_file}", say("trust.cache_file_damaged", rel=rel),
                              hint=say("trust.cache_file_damaged_hint"))
            (root / v.cache_file).unlink(missing_ok=True)
            suspect.setdefault(rel, []).append(v)
    if not suspect:
        return []
    sources = _wanted(config, site.editions)
    tasks = [(_Task(sources[rel][0].path, pictures[rel].source_hash, sources[rel][1], config.image_formats,
                    config.image_quality, str(root)), rel) for rel in suspect]
    for (task, rel), (size, error) in zip(tasks, _run([t for t, _ in tasks], 1, None)):   # one by one: rare
        if error:
            problems.error(f"content/{sources[rel][2]}", say("images.bad_image", rel=rel, error=error),
                           hint=say("images.bad_image_hint"))
    problems.raise_if_errors()
    return [v.url for variants in suspect.values() for v in variants]
