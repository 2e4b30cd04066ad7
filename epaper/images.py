"""Images: decide which resized copies each photo and page scan needs, make the missing ones, cache them.

enqueue -> process -> (output.py publishes).  A copy's cache name is the hash of the source's bytes
and the operation (width, format, quality), so a rebuild (even after `rm -rf public`) decodes no image
whose copies are cached, renaming a photo costs nothing, and changing one width makes only that width.
Source hashes are remembered by (size, mtime), so unchanged photos are not even read.
"""
from __future__ import annotations

import hashlib
import io
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .config import Config
from .errors import Problems
from .model import Photo, Site
from .state import trusted_mtime

__all__ = ["Variant", "Picture", "ImageStats", "process_images", "PIPELINE_VERSION"]

PIPELINE_VERSION = "1"           # bump when the processing itself changes: every cached copy is remade
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "avif": "image/avif"}
EXT = {"webp": "webp", "jpeg": "jpg", "avif": "avif"}
Image.MAX_IMAGE_PIXELS = 120_000_000   # a 40000x40000 "photo" is a decompression bomb, not a photo


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


def process_images(config: Config, site: Site, problems: Problems, state: dict,
                   jobs: int = 0, progress=None) -> tuple[dict[str, Picture], ImageStats]:
    """Make sure every copy the site needs is in the cache; return a Picture per source path.

    `state` persists between runs: {"hashes": {rel: (mtime_ns, size, sha)}, "sizes": {sha: (w, h)}}.
    """
    hashes, sizes = state.setdefault("hashes", {}), state.setdefault("sizes", {})
    cache_root = config.cache_dir / "images"
    wanted = _wanted(config, site)
    stats = ImageStats()
    todo, pictures = [], {}
    for rel, (photo, widths, owner) in wanted.items():
        try:
            sha = _source_hash(photo, hashes)
        except OSError as exc:
            problems.error(f"content/{owner}", f"cannot read image {rel}: {exc.strerror or exc}")
            continue
        if sha in sizes:
            picture = _picture(config, rel, sha, sizes[sha], widths)
            if all((cache_root / v.cache_file).exists() for v in picture.variants):
                pictures[rel] = picture
                stats.cached += 1
                continue
        todo.append((rel, photo.path, sha, widths, owner))
    if todo:
        results = _run(config, todo, cache_root, jobs, progress)
        for (rel, _, sha, widths, owner), (size, error) in zip(todo, results):
            if error:
                problems.error(f"content/{owner}", f"image {rel}: {error}",
                               hint="Replace it with a JPEG, PNG or WebP photo that opens in an image viewer.")
                continue
            sizes[sha] = size
            pictures[rel] = _picture(config, rel, sha, size, widths)
            stats.processed += 1
    return pictures, stats


def _wanted(config: Config, site: Site) -> dict[str, tuple[Photo, tuple[int, ...], str]]:
    """Every source image the site shows -> (photo, widths wanted, the file that names it)."""
    wanted = {}
    for edition in site.editions:
        for page in edition.pages:
            if page.scan:
                wanted.setdefault(page.scan.rel, (page.scan, config.scan_widths, f"{page.edition}/edition.yaml"))
            for article in page.articles:
                for photo in [*article.photos, *article.inline_images.values()]:
                    wanted.setdefault(photo.rel, (photo, config.image_widths, article.rel))
    return wanted


def _source_hash(photo: Photo, hashes: dict) -> str:
    st = os.stat(photo.path)
    hit = hashes.get(photo.rel)
    if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
        return hit[2]
    h = hashlib.blake2b(digest_size=16)
    with open(photo.path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    hashes[photo.rel] = (trusted_mtime(st), st.st_size, h.hexdigest())
    return h.hexdigest()


def _plan(size: tuple[int, int], widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """(width, height) of each copy: the configured widths up to the source's, plus the source's own
    width when it lies below the largest one (never upscaled)."""
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
        quality = config.image_quality[fmt]
        for w, h in _plan(size, widths):
            key = _key(sha, w, fmt, quality)
            variants.append(Variant(w, h, fmt, f"{key[:2]}/{key}.{EXT[fmt]}",
                                    f"{folder}/{stem}.{key[:10]}.{w}.{EXT[fmt]}".lstrip("/")))
    return Picture(size[0], size[1], tuple(variants))


def _key(sha: str, width: int, fmt: str, quality: int) -> str:
    op = f"{sha}:{width}:{fmt}:{quality}:{PIPELINE_VERSION}"
    return hashlib.blake2b(op.encode(), digest_size=12).hexdigest()


# --- processing (runs in worker processes) ------------------------------------------------------

def _run(config: Config, todo, cache_root: Path, jobs: int, progress):
    tasks = []
    for rel, path, sha, widths, _ in todo:
        tasks.append((str(path), sha, widths, config.image_formats, config.image_quality, str(cache_root)))
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) == 1:
        results = []
        for t in tasks:
            results.append(_process_one(t))
            if progress:
                progress()
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        results = []
        for r in pool.map(_process_one, tasks):
            results.append(r)
            if progress:
                progress()
        return results


def _process_one(task) -> tuple[tuple[int, int] | None, str]:
    """Decode once (at reduced scale when possible), then write each copy from the next larger one."""
    path, sha, widths, formats, quality, cache_root = task
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if getattr(im, "n_frames", 1) > 1:
                    im.seek(0)
                size = _oriented_size(im)
                plan = _plan(size, widths)
                _draft(im, size, plan[-1][0])
                img = _to_srgb(ImageOps.exif_transpose(im))
        current = img
        made = {}
        for w, h in reversed(plan):
            current = current.resize((w, h), Image.LANCZOS, reducing_gap=3.0) if current.size != (w, h) else current
            made[w] = current
        for fmt in formats:
            for w, h in plan:
                key = _key(sha, w, fmt, quality[fmt])
                dest = Path(cache_root) / key[:2] / f"{key}.{EXT[fmt]}"
                if not dest.exists():
                    _save_atomic(made[w], dest, fmt, quality[fmt])
        return size, ""
    except Image.DecompressionBombError:
        return None, "the picture claims to be enormous (a decompression bomb); refused"
    except Image.DecompressionBombWarning:
        return None, "the picture claims to be enormous (a decompression bomb); refused"
    except Image.UnidentifiedImageError:
        return None, "this is not a picture Pillow can read (is it really an image file?)"
    except (OSError, SyntaxError, ValueError) as exc:
        return None, f"the picture is damaged or truncated ({exc})"


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
    """RGB in sRGB: embedded ICC profiles converted, CMYK and palettes flattened, alpha on white."""
    icc = im.info.get("icc_profile")
    if im.mode in ("P", "PA"):
        im = im.convert("RGBA")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
            im = ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    if im.mode in ("RGBA", "LA"):
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im.convert("RGBA"), mask=im.convert("RGBA").split()[-1])
        return background
    return im.convert("RGB")


def _save_atomic(im: Image.Image, dest: Path, fmt: str, quality: int) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    options = {"quality": quality}
    if fmt == "jpeg":
        options.update(progressive=True, optimize=True)
    elif fmt == "webp":
        options.update(method=4)
    try:
        im.save(tmp, format=fmt.upper(), **options)   # no exif= given: camera metadata (GPS) is dropped
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
