"""Image speed: our build against a bare Pillow loop, and a warm-cache rebuild, in one run.

    python bench/images.py [-n 12] [--size 3000x2000] [--jobs 0]

Makes N camera-sized photos (make_photo from shared/bench/gen_corpus.py), puts them in one article of a
throw-away paper and builds it with the site's defaults (widths 480/960/1600, WebP q80 + progressive
JPEG q82, all cores).  Then the same outputs from a bare Pillow loop (one process, each width resized
from the full decoded image, no draft), the ratio (target: at least 2x), and a rebuild after
`rm -rf public` that must open no image.  Prints figures only; it asserts nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from epaper import images  # noqa: E402
from epaper.engine.pipeline import BuildOptions, build  # noqa: E402

WIDTHS = (480, 960, 1600)
QUALITY = {"webp": 80, "jpeg": 82}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=12, help="number of photos (default 12)")
    parser.add_argument("--size", default="3000x2000", help="photo size WxH (default 3000x2000)")
    parser.add_argument("--jobs", type=int, default=0, help="our worker processes (default: one per core)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    make_photo, origin = photo_maker()
    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp:
        paper = make_paper(Path(tmp) / "paper", args.n, width, height, make_photo)
        photos = sorted((paper / "content/2024-01-01/01").glob("*.jpg"))
        mb = sum(p.stat().st_size for p in photos) / 1e6
        cores = len(os.sched_getaffinity(0))
        print(f"{args.n} photos {width}x{height} ({mb:.1f} MB, {origin}); widths {'/'.join(map(str, WIDTHS))}, "
              f"WebP q{QUALITY['webp']} + progressive JPEG q{QUALITY['jpeg']}; {cores} cores")

        cpu_before = cpu_seconds()
        ours, report = timed(lambda: build(paper, BuildOptions(jobs=args.jobs)))
        ours_cpu = cpu_seconds() - cpu_before
        ours_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        assert report.images_processed == args.n, report.summary()
        print(f"ours   (build, {args.jobs or cores} processes, draft + chained resizes): {args.n / ours:6.2f} images/s "
              f"({ours:.2f} s, {ours_cpu / args.n:.2f} CPU s per image; peak RSS per worker {ours_rss:.0f} MiB)")

        bare, bare_cpu, bare_rss = in_child(bare_loop, photos, Path(tmp) / "bare")
        print(f"bare   (Pillow loop, 1 process, each width from the full image): {args.n / bare:6.2f} images/s "
              f"({bare:.2f} s, {bare_cpu / args.n:.2f} CPU s per image; peak RSS {bare_rss:.0f} MiB)")
        print(f"ratio  ours / bare: {bare / ours:.2f}x in wall time (target >= 2x); "
              f"{bare_cpu / ours_cpu:.2f}x less CPU per image")
        print(f"       cores kept busy by our build: {ours_cpu / ours:.2f} of {cores} (load average "
              f"{os.getloadavg()[0]:.1f}); other work on the machine takes cores from our workers, so below "
              f"{cores} the wall-time ratio understates what the pool gives on an idle machine")

        shutil.rmtree(paper / "public")
        opened = count_image_opens()
        warm, report = timed(lambda: build(paper, BuildOptions(jobs=args.jobs)))
        print(f"warm   rebuild after rm -rf public: {warm:.2f} s; {report.images_processed} processed, "
              f"{report.images_cached} from cache, {len(opened)} images opened")
        print(f"       {report.summary()}")


def photo_maker():
    """make_photo from shared/bench/gen_corpus.py (beside the repository, or beside its parent for a
    worktree); a small stand-in with the same idea if it is not there."""
    for candidate in (ROOT.parent / "shared/bench/gen_corpus.py", ROOT.parent.parent / "shared/bench/gen_corpus.py"):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location("gen_corpus", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.make_photo, f"make_photo from {candidate}"
    return _stand_in_photo, "stand-in photos: gradients, shapes and grain"


def _stand_in_photo(width: int, height: int, seed: int) -> bytes:
    from PIL import ImageChops, ImageDraw, ImageFilter

    rng = random.Random(seed)
    img = Image.merge("RGB", [Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize((width, height))
                              for _ in range(3)])
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + rng.randint(20, width // 5), y + rng.randint(20, height // 4)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise((width, height), 9)
    img = ImageChops.add(img, Image.merge("RGB", (grain, grain, grain)), offset=-128)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def make_paper(root: Path, n: int, width: int, height: int, make_photo) -> Path:
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "site.yaml").write_text(f"name: Bench\nimage_widths: {list(WIDTHS)}\nimage_formats: [webp, jpeg]\n"
                                    f"image_quality: {{webp: {QUALITY['webp']}, jpeg: {QUALITY['jpeg']}}}\n")
    folder = root / "content/2024-01-01/01"
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"photo{i:03d}.jpg").write_bytes(make_photo(width, height, seed=i))
    files = "\n".join(f"  - {{file: photo{i:03d}.jpg, caption: Photo {i}}}" for i in range(n))
    (folder / "photos.md").write_text(f"---\ntitle: Photos\nimages:\n{files}\n---\n\nText.\n")
    return root


def bare_loop(photos: list[Path], out: Path) -> None:
    """What one would write without thinking about speed: decode fully, every width from the full image."""
    out.mkdir()
    for path in photos:
        with Image.open(path) as im:
            im = im.convert("RGB")
            for w in WIDTHS:
                if w > im.width:
                    continue
                copy = im.resize((w, round(im.height * w / im.width)), Image.LANCZOS)
                copy.save(out / f"{path.stem}.{w}.webp", "WEBP", quality=QUALITY["webp"])
                copy.save(out / f"{path.stem}.{w}.jpg", "JPEG", quality=QUALITY["jpeg"], progressive=True,
                          optimize=True)


def in_child(fn, *args) -> tuple[float, float, float]:
    """Run fn(*args) in a fresh child process: (seconds, CPU seconds, the child's peak RSS in MiB)."""
    def run(conn):
        started = time.perf_counter()
        fn(*args)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        conn.send((time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=run, args=(child,))
    process.start()
    result = parent.recv()
    process.join()
    return result


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (our image workers)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def count_image_opens() -> list:
    """Count Image.open and our decoder in this process (a warm build starts no worker processes)."""
    calls = []
    real_open, real_decode = Image.open, images._decode

    def spy_open(*a, **k):
        calls.append(a)
        return real_open(*a, **k)

    def spy_decode(*a, **k):
        calls.append(a)
        return real_decode(*a, **k)
    Image.open, images._decode = spy_open, spy_decode
    return calls


if __name__ == "__main__":
    main()
