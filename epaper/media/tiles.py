"""Deep-zoom tiles of page scans: a static IIIF Image API 3 service (compliance level 0) per scan.

A reader zooming into a page on a phone fetches the few tiles in view, never the whole scan.  The tiles
are cut from the scan's largest cached copy (images.py): the copy's cache name already says what it was
made from, so a tile set is named by it and made once.  Its files sit in the cache under that name with
a `done` note written last (a killed build leaves no set taken for whole); the build publishes them as
copies, each known by the set's key without a stat, listed only for the editions it makes again (the
others' are in their record of the last build).

The file names are the Image API's own addresses, as a viewer asks for them (OpenSeadragon's IIIF tile
source): `{service}/{x},{y},{w},{h}/{tw},{th}/0/default.jpg`, `full` for a region that is the whole image
and `max` for its full size, one level per scale factor 1, 2, 4 ... down to a single tile.
"""
from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..config import Config
from ..core import Problem, in_workers, replaced, say
from ..model import Edition
from .images import Picture, Variant

__all__ = ["ImageService", "Tile", "TileSets", "image_service", "info_json", "tiles_of", "make_tiles", "tile_files",
           "TILE_SIZE", "IMAGE_CONTEXT"]

TILE_SIZE = 1024        # a 2000 px scan: 9 tiles in three levels
TILES_VERSION = "2"     # bump when the cutting itself changes: every set is made again
TILE_QUALITY = 80
IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"


@dataclass(frozen=True)
class ImageService:
    url: str            # site-relative folder of the service, e.g. "2024-11-25/scans/p08.1a2b3c4d5e.2000.iiif"
    width: int
    height: int
    source: str         # the cached copy the tiles are cut from (under .cache/images/)
    key: str            # names the set in the cache; changes with the source and the cutting

    @property
    def info(self) -> str:
        return f"{self.url}/info.json"


@dataclass(frozen=True)
class Tile:
    path: str                               # under the service's folder
    box: tuple[int, int, int, int]          # left, top, right, bottom in the level's image
    scale: int                              # the level's scale factor
    size: tuple[int, int]


@dataclass
class TileSets:
    files: dict[str, Path]                  # public path -> file in the cache
    digests: dict[str, dict[str, str]]      # edition -> {public path: the key of its set}
    problems: list[Problem]


def image_service(pic: Picture | None) -> ImageService | None:
    """The tile service of a page scan: cut from its largest JPEG copy (the largest copy without one)."""
    if pic is None:
        return None
    jpegs = pic.of_format("jpeg")
    v: Variant = max(jpegs, key=lambda v: v.width) if jpegs else pic.largest
    key = hashlib.blake2b(f"{v.cache_file}:{TILE_SIZE}:{TILE_QUALITY}:{TILES_VERSION}".encode(),
                          digest_size=12).hexdigest()
    # named like the copies (<name>.<hash>.<width>.<format>), by the set's own key: a changed cutting is a
    # new address, so hosts may cache every file of a set for ever (deploy/)
    stem = v.url.rsplit(".", 3)[0]
    return ImageService(f"{stem}.{key[:10]}.{v.width}.iiif", v.width, v.height, v.cache_file, key)


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4 ... until the whole image fits in one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) > TILE_SIZE or math.ceil(height / factors[-1]) > TILE_SIZE:
        factors.append(factors[-1] * 2)
    return factors


def info_json(service: ImageService, config: Config) -> dict:
    """The service's info.json.  Its `id` is the service's address: absolute with base_url; without one,
    the site-relative path (the page's script resolves it against the file's own address)."""
    return {
        "@context": IMAGE_CONTEXT, "id": config.absolute(service.url) or service.url, "type": "ImageService3",
        "protocol": "http://iiif.io/api/image", "profile": "level0",
        "width": service.width, "height": service.height,
        "tiles": [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": scale_factors(service.width, service.height)}],
    }


def tiles_of(service: ImageService) -> list[Tile]:
    """Every tile a viewer may ask for, named as it asks."""
    return _layout(service.width, service.height)


@functools.lru_cache(maxsize=64)     # a paper's scans are mostly of one size: its layout is worked out once
def _layout(w: int, h: int) -> list[Tile]:
    tiles = []
    for sf in scale_factors(w, h):
        lw, lh = math.ceil(w / sf), math.ceil(h / sf)
        for y in range(math.ceil(lh / TILE_SIZE)):
            for x in range(math.ceil(lw / TILE_SIZE)):
                sw, sh = min(TILE_SIZE, lw - x * TILE_SIZE), min(TILE_SIZE, lh - y * TILE_SIZE)
                rx, ry = x * TILE_SIZE * sf, y * TILE_SIZE * sf
                rw, rh = min(TILE_SIZE * sf, w - rx), min(TILE_SIZE * sf, h - ry)
                region = "full" if (rx, ry, rw, rh) == (0, 0, w, h) else f"{rx},{ry},{rw},{rh}"
                size = "max" if (sw, sh) == (w, h) else f"{sw},{sh}"
                box = (x * TILE_SIZE, y * TILE_SIZE, x * TILE_SIZE + sw, y * TILE_SIZE + sh)
                tiles.append(Tile(f"{region}/{size}/0/default.jpg", box, sf, (sw, sh)))
    return tiles


def make_tiles(config: Config, editions: list[Edition], pictures: dict[str, Picture], jobs: int = 0) -> TileSets:
    """Make the tile sets of these editions' page scans that are missing from the cache; the files to
    publish.  A ten-year archive has 400,000 tiles: a build lists those of the editions it makes again."""
    root = config.cache_dir / "tiles"
    services, owners, editions_of = _services(editions, pictures)
    todo = [s for s in services.values() if not (root / _folder(s.key) / "done").is_file()]
    images = config.cache_dir / "images"
    failed = in_workers(lambda i: (todo[i].key, _cut(todo[i], images, root)), len(todo), jobs, parallel=len(todo) > 2)
    problems = [Problem(owners[key], why, hint=say("tiles.failed_hint"))
                for key, why in failed if why]
    sets = TileSets({}, {}, problems)
    for key, shown in editions_of.items():
        own = sets.digests[key] = {}
        for s in shown:
            folder = root / _folder(s.key)
            for t in tiles_of(s):
                public = f"{s.url}/{t.path}"
                sets.files[public] = folder / t.path
                own[public] = s.key
    return sets


def tile_files(editions: list[Edition], pictures: dict[str, Picture]) -> set[str]:
    """The public paths of these editions' tiles, as make_tiles publishes them (nothing is cut)."""
    _, _, editions_of = _services(editions, pictures)
    return {f"{s.url}/{t.path}" for shown in editions_of.values() for s in shown for t in tiles_of(s)}


def _services(editions: list[Edition], pictures: dict[str, Picture]) -> tuple[dict, dict, dict]:
    """({key: service}, {key: the edition.yaml that names its scan}, {edition: its services})."""
    services, owners, editions_of = {}, {}, {}
    for edition in editions:
        for named in edition.outline.files:
            service = image_service(pictures.get(named.rel)) if named.role == "scan" else None
            if service:
                services[service.key] = service
                owners[service.key] = f"content/{named.owner}"
                editions_of.setdefault(edition.key, []).append(service)
    return services, owners, editions_of


def _folder(key: str) -> str:
    return f"{key[:2]}/{key}"


def _cut(service: ImageService, images: Path, root: Path) -> str:
    """Cut one set into the cache; '' or what went wrong."""
    folder = root / _folder(service.key)
    try:
        with Image.open(images / service.source) as im:
            full = im.convert("RGB")
        levels: dict[int, Image.Image] = {}
        for t in tiles_of(service):
            level = levels.get(t.scale)
            if level is None:       # halved from the level above: reduce() is a fast box filter, sized ceil(w / 2)
                level = levels[t.scale] = full if t.scale == 1 else levels[t.scale // 2].reduce(2)
            dest = folder / t.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            with replaced(dest) as tmp:
                level.crop(t.box).save(tmp, "JPEG", quality=TILE_QUALITY)
        (folder / "done").write_text(service.url + "\n", encoding="utf-8")
    except (OSError, ValueError) as exc:
        return say("tiles.failed", url=service.url, error=exc)
    return ""
