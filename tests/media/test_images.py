"""Photos and page scans: what readers get, what the cache saves, and how bad image files are handled."""
from __future__ import annotations

import io
import os
import re
import subprocess
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from epaper.media import images
from epaper.commands.cli import main
from epaper.media.imagecache import is_complete
from linkcheck import broken_links, parse_html

ARTICLE = "2024-11-25/01/story.md"
PAGE = "2024-11-25/01/index.html"
STORY = "2024-11-25/01/story.html"


# --- fixture files -------------------------------------------------------------------------------

def save(path: Path, im: Image.Image, fmt: str = "JPEG", **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, fmt, **options)
    return path


def photo(paper, name: str, size=(600, 400), color=(200, 40, 40), **options) -> Path:
    return save(paper.root / "content/2024-11-25/01" / name, Image.new("RGB", size, color), **options)


def story(paper, *files: str, captions=()) -> None:
    lines = [f"  - {{file: {f}, caption: {captions[i] if i < len(captions) else ''}}}" for i, f in enumerate(files)]
    paper.article(ARTICLE, "title: 大桥合龙\nimages:\n" + "\n".join(lines))


def published(paper, pattern: str) -> dict[str, Image.Image]:
    """Published files whose path matches `pattern`, opened."""
    return {p: Image.open(io.BytesIO(b)) for p, b in paper.files().items() if re.search(pattern, p)}


def cache_files(paper) -> dict[str, os.stat_result]:
    root = paper.root / ".cache/images"
    return {p.relative_to(root).as_posix(): p.stat() for p in root.rglob("*") if p.is_file()}


def count_calls(monkeypatch, name: str) -> list:
    """Record every call of epaper.media.images.<name> (builds in tests run in this process: jobs=1)."""
    calls, real = [], getattr(images, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(images, name, spy)
    return calls


def png_bytes(width: int, height: int, depth: int, colour_type: int, raw: bytes) -> bytes:
    """A PNG written by hand, so that its header can claim anything."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def swapped_primaries_profile() -> bytes:
    """An RGB profile like sRGB but with the red and green primaries swapped: a file's 'red' is green."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    tags = {bytes(data[132 + 12 * i:136 + 12 * i]): 132 + 12 * i for i in range(int.from_bytes(data[128:132], "big"))}
    r, g = tags[b"rXYZ"] + 4, tags[b"gXYZ"] + 4
    data[r:r + 8], data[g:g + 8] = data[g:g + 8], data[r:r + 8]
    return bytes(data)


# --- what readers get ----------------------------------------------------------------------------

def test_photo_in_every_width_as_webp_and_jpeg_never_upscaled(paper):
    photo(paper, "bridge.jpg", size=(1000, 600))
    story(paper, "bridge.jpg", captions=["合龙的大桥"])
    paper.build()
    copies = published(paper, r"^2024-11-25/01/bridge\.")
    sizes = sorted((p.rsplit(".", 1)[1], im.size) for p, im in copies.items())
    assert sizes == [("jpg", (480, 288)), ("jpg", (960, 576)), ("jpg", (1000, 600)),
                     ("webp", (480, 288)), ("webp", (960, 576)), ("webp", (1000, 600))]
    assert "2024-11-25/01/bridge.jpg" not in paper.files()          # the original is not published
    assert broken_links(paper.public) == []


def test_article_picture_markup_srcset_sizes_dimensions_lazy_and_alt(paper):
    photo(paper, "a.jpg", size=(1000, 600))
    photo(paper, "b.jpg", size=(800, 800))
    story(paper, "a.jpg", "b.jpg", captions=["第一张图", "第二张图"])
    paper.build()
    html = paper.read(STORY)
    first, second = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert re.search(r'<source type="image/webp" srcset="\S*/a\.\w+\.480\.webp 480w, \S*/a\.\w+\.960\.webp 960w, '
                     r'\S*/a\.\w+\.1000\.webp 1000w" sizes="[^"]+">', first)
    assert '<source type="image/jpeg"' in first
    img = dict(parse_html(first).tags[-1][1])
    assert (img["width"], img["height"], img["alt"]) == ("1000", "600", "第一张图")
    assert "loading" not in img                                      # the first photo is on the first screen
    assert 'loading="lazy"' in second and 'alt="第二张图"' in second


def test_alt_falls_back_to_title_and_is_escaped(paper):
    photo(paper, "a.jpg")
    story(paper, "a.jpg", captions=['"<b>说明</b>"'])
    paper.build()
    assert 'alt="&lt;b&gt;说明&lt;/b&gt;"' in paper.read(STORY)


def test_originals_published_only_when_asked(paper):
    original = photo(paper, "bridge.jpg")
    story(paper, "bridge.jpg")
    paper.build()
    assert "2024-11-25/01/bridge.jpg" not in paper.files()
    paper.write("site.yaml", "name: 测试日报\npublish_originals: true\n")
    paper.build()
    assert paper.files()["2024-11-25/01/bridge.jpg"] == original.read_bytes()


def test_avif_when_configured(paper):
    paper.write("site.yaml", "name: 测试日报\nimage_formats: [avif, webp, jpeg]\nimage_widths: [160, 320]\n")
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    paper.build()
    avif = published(paper, r"\.avif$")
    assert sorted(im.size for im in avif.values()) == [(160, 107), (320, 213)]
    html = paper.read(STORY)
    assert html.index('type="image/avif"') < html.index('type="image/webp"') < html.index('type="image/jpeg"')


def test_format_this_pillow_cannot_write_is_an_error_on_site_yaml(paper, monkeypatch):
    monkeypatch.setattr(images.features, "check", lambda name: name != "avif")
    paper.write("site.yaml", "name: 测试日报\nimage_formats: [avif, jpeg]\n")
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    error = paper.build_fails()
    assert any(p.path == "site.yaml" and "cannot write avif" in p.message for p in error.problems)


def test_page_scan_readable_width_zoom_and_thumbnail(paper):
    save(paper.root / "content/2024-11-25/p01.jpg", Image.new("RGB", (1200, 1700), "white"))
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, image: p01.jpg}\n")
    paper.article(ARTICLE, "title: 头条\narea: [0.1, 0.2, 0.5, 0.3]")
    paper.build()
    html = paper.read(PAGE)
    scan = re.search(r'<figure class="scan">.*?</figure>', html, re.S).group(0)
    assert re.search(r'srcset="\S*/p01\.\w+\.240\.webp 240w, \S*/p01\.\w+\.1000\.webp 1000w, \S*/p01\.\w+\.1200\.webp 1200w"', scan)
    assert 'width="1200" height="1700"' in scan and 'loading="lazy"' not in scan
    zoom = re.search(r'<figcaption><a href="([^"]+)"', scan).group(1)
    assert zoom.endswith(".1200.jpg") and Image.open(paper.public / "2024-11-25/01" / zoom).size == (1200, 1700)
    assert re.search(r'class="region"[^>]*href="../../2024-11-25/01/story.html"', scan)
    strip = re.search(r'<nav class="page-list".*?</nav>', html, re.S).group(0)
    thumb = re.search(r'<img src="([^"]+)" width="240" height="340"', strip).group(1)
    assert Image.open(paper.public / "2024-11-25/01" / thumb).size == (240, 340)
    assert broken_links(paper.public) == []


def test_page_given_only_as_pdf_gets_its_scan_rendered_and_the_pdf_linked(paper):
    page = Image.new("RGB", (300, 420), (220, 20, 20))
    page.paste((20, 20, 220), (0, 210, 300, 420))
    pdf = save(paper.root / "content/2024-11-25/p01.pdf", page, "PDF", resolution=72)   # 300 x 420 pt
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n")
    paper.article(ARTICLE, "title: 头条")
    paper.build()
    html = paper.read(PAGE)
    assert '<figure class="scan">' in html and 'href="../../2024-11-25/p01.pdf" download' in html
    assert paper.files()["2024-11-25/p01.pdf"] == pdf.read_bytes()
    zoom = re.search(r'<figcaption><a href="([^"]+)"', html).group(1)
    scan = Image.open(paper.public / "2024-11-25/01" / zoom).convert("RGB")
    assert abs(scan.width - 300 * 200 / 72) <= 1               # 300 pt rendered at 200 dpi
    top, bottom = scan.getpixel((scan.width // 2, 10)), scan.getpixel((scan.width // 2, scan.height - 10))
    assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0]
    assert broken_links(paper.public) == []


def test_pdf_scan_is_cached_like_any_image(paper):
    save(paper.root / "content/2024-11-25/p01.pdf", Image.new("RGB", (300, 400), "white"), "PDF", resolution=72)
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n")
    paper.article(ARTICLE, "title: 头条")
    assert paper.build().images_processed == 1
    assert paper.build(clean=True).images_processed == 0


# --- metadata ------------------------------------------------------------------------------------

def test_exif_orientation_is_applied(paper):
    im = Image.new("RGB", (600, 300), (200, 30, 30))
    im.paste((30, 30, 200), (300, 0, 600, 300))                 # right half blue as stored ...
    exif = Image.Exif()
    exif[0x0112] = 6                                            # ... shown rotated 90° clockwise
    photo_path = paper.root / "content/2024-11-25/01/turned.jpg"
    save(photo_path, im, exif=exif.tobytes())
    story(paper, "turned.jpg")
    paper.build()
    (copy,) = published(paper, r"turned\.\w+\.300\.jpg$").values()
    assert copy.size == (300, 600)
    top, bottom = copy.convert("RGB").getpixel((150, 20)), copy.convert("RGB").getpixel((150, 580))
    assert top[0] > 150 and bottom[2] > 150                     # stored right half is now the bottom


def test_camera_metadata_and_gps_are_stripped(paper):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"                                  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 1.0)})
    source = photo(paper, "gps.jpg", exif=exif.tobytes())
    assert Image.open(source).getexif().get_ifd(0x8825)        # the fixture really has GPS
    story(paper, "gps.jpg")
    paper.build()
    copies = {p: b for p, b in paper.files().items() if "/gps." in p}
    assert len(copies) == 4
    for path, data in copies.items():
        assert b"SecretCam" not in data and b"Exif" not in data, path
        assert not Image.open(io.BytesIO(data)).getexif(), path


def test_icc_profile_is_converted_to_srgb(paper):
    photo(paper, "plain.jpg", color=(220, 40, 40))
    photo(paper, "tagged.jpg", color=(220, 40, 40), icc_profile=swapped_primaries_profile())
    story(paper, "plain.jpg", "tagged.jpg")
    paper.build()
    for name, strong in (("plain", 0), ("tagged", 1)):             # red stays red; the profile's 'red' is green
        for path, im in published(paper, rf"/{name}\.\w+\.480\.(jpg|webp)$").items():
            pixel = im.convert("RGB").getpixel((100, 100))
            assert pixel[strong] > 150 and pixel[1 - strong] < 120, (path, pixel)
            assert "icc_profile" not in im.info, path


def test_jpeg_progressive_and_quality_per_format(paper):
    im = Image.effect_noise((600, 400), 60).convert("RGB")
    save(paper.root / "content/2024-11-25/01/noise.jpg", im, quality=95)
    story(paper, "noise.jpg")
    paper.write("site.yaml", "name: 测试日报\nimage_quality: {jpeg: 30, webp: 30}\n")
    paper.build()
    low = {p.rsplit(".", 1)[1]: len(b) for p, b in paper.files().items() if p.endswith(".480.jpg") or p.endswith(".480.webp")}
    paper.write("site.yaml", "name: 测试日报\nimage_quality: {jpeg: 95, webp: 30}\n")
    paper.build()
    files = paper.files()
    high = {p.rsplit(".", 1)[1]: len(b) for p, b in files.items() if p.endswith(".480.jpg") or p.endswith(".480.webp")}
    assert high["jpg"] > 1.5 * low["jpg"] and high["webp"] == low["webp"]
    for p, b in files.items():
        if p.endswith(".jpg"):
            assert Image.open(io.BytesIO(b)).info.get("progressive"), p


# --- the cache -----------------------------------------------------------------------------------

def test_rebuild_after_removing_public_decodes_nothing(paper, monkeypatch):
    photo(paper, "a.jpg")
    photo(paper, "b.jpg", color=(10, 200, 10))
    story(paper, "a.jpg", "b.jpg")
    first = paper.build()
    assert (first.images_processed, first.images_cached) == (2, 0)
    built = paper.files()
    decodes = count_calls(monkeypatch, "_decode")
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("an image was opened"))
    for options in ({}, {"clean": True}):        # --clean forgets the build state; the cache still holds
        subprocess.run(["rm", "-rf", str(paper.public)], check=True)      # as an editor would (a link: output.py)
        report = paper.build(**options)
        assert (report.images_processed, report.images_cached) == (0, 2)
        assert paper.files() == built
    assert decodes == []
    assert "2 images (0 processed, 2 from cache)" in report.summary()


def test_renaming_a_photo_processes_nothing(paper):
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    paper.build()
    os.rename(paper.root / "content/2024-11-25/01/a.jpg", paper.root / "content/2024-11-25/01/renamed.jpg")
    story(paper, "renamed.jpg")
    report = paper.build()
    assert (report.images_processed, report.images_cached) == (0, 1)
    assert published(paper, r"/renamed\.\w+\.480\.webp$") and not published(paper, r"/a\.\w+\.480\.webp$")


def test_changing_one_width_makes_only_that_widths_copies(paper, monkeypatch):
    paper.write("site.yaml", "name: 测试日报\nimage_widths: [160, 480]\n")
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    paper.build()
    before = cache_files(paper)
    saves = count_calls(monkeypatch, "_save")
    paper.write("site.yaml", "name: 测试日报\nimage_widths: [160, 320, 480]\n")
    report = paper.build()
    assert report.images_processed == 1
    assert sorted((im.size[0], Path(dest).suffix) for im, dest, *_ in saves) == [(320, ".jpg"), (320, ".webp")]
    after = cache_files(paper)
    for name, st in before.items():                               # the old copies were not written again
        if name.endswith(".sums"):                                # (the note of their MACs gets the new ones)
            continue
        assert after[name].st_ino == st.st_ino and after[name].st_mtime_ns == st.st_mtime_ns, name
    assert len(after) == len(before) + 2
    assert len(published(paper, r"/a\.\w+\.320\.(webp|jpg)$")) == 2


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_incomplete_cache_file_is_not_trusted(paper, damage):
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    paper.build()
    root = paper.root / ".cache/images"
    victims = [root / name for name in cache_files(paper) if name.endswith((".jpg", ".webp"))]
    for victim in victims:
        data = victim.read_bytes()
        victim.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])
        assert not is_complete(victim, "jpeg" if victim.suffix == ".jpg" else "webp")
    report = paper.build(clean=True)        # no input changed: only a full build looks at the cache again
    assert report.images_processed == 1
    for victim in victims:
        assert is_complete(victim, "jpeg" if victim.suffix == ".jpg" else "webp")
    for path, im in published(paper, r"/a\.").items():
        im.load()                                                  # the published copies decode fully


def test_a_build_killed_while_writing_leaves_no_cache_file_a_later_build_trusts(paper, monkeypatch):
    photo(paper, "a.jpg")
    story(paper, "a.jpg")

    real_replace, killed_at = os.replace, []

    def replace(src, dst):
        if ".cache/images/" in str(dst):
            killed_at.append(Path(src))
            raise KeyboardInterrupt    # the process dies between writing the temporary file and moving it
        real_replace(src, dst)
    monkeypatch.setattr(images.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        paper.build()
    assert len(killed_at) == 1 and killed_at[0].name.endswith(".tmp")      # it died writing a copy
    assert cache_files(paper) == {}                               # nothing under a name a build would trust
    stray = paper.root / ".cache/images/ab/.abcdef.jpg.999.tmp"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"\xff\xd8 half a jpeg")
    monkeypatch.undo()
    assert paper.build().images_processed == 1
    for path, im in published(paper, r"/a\.").items():
        im.load()


def test_clean_cache_prunes_copies_no_source_uses(paper, capsys):
    photo(paper, "keep.jpg")
    photo(paper, "gone.jpg", color=(0, 0, 255))
    story(paper, "keep.jpg", "gone.jpg")
    paper.build()
    stray = paper.root / ".cache/images/ab/.abcdef.jpg.999.tmp"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"left by a killed build")
    before = cache_files(paper)
    story(paper, "keep.jpg")
    paper.build()
    assert main(["clean", "--cache", "--root", str(paper.root)]) == 0
    out = capsys.readouterr().out
    after = cache_files(paper)
    assert len(after) == 6 and len(before) == 12 + 1        # 4 copies + size and MAC notes per photo, one stray file
    assert re.search(r"removed 7 unused files, freed \d+\.\d MB; kept 6", out)
    assert paper.build().images_processed == 0              # what is used stays cached
    assert main(["clean", "--root", str(paper.root)]) == 2


def test_process_pool_makes_the_same_copies(paper):
    for i in range(3):
        photo(paper, f"p{i}.jpg", color=(60 * i, 100, 100))
    story(paper, "p0.jpg", "p1.jpg", "p2.jpg")
    from epaper.engine.pipeline import BuildOptions, build
    report = build(paper.root, BuildOptions(jobs=2))
    assert report.images_processed == 3
    assert len(published(paper, r"/p\d\.\w+\.\d+\.(jpg|webp)$")) == 12
    assert broken_links(paper.public) == []


# --- bad images ----------------------------------------------------------------------------------

def _truncated(paper, path):
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 50).convert("RGB").save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def _scrambled(paper, path):
    data = bytearray(png_bytes(64, 64, 8, 2, b"".join(b"\x00" + bytes(range(192)) for _ in range(64))))
    data[45:60] = b"\x13" * 15                          # inside the compressed pixels
    path.write_bytes(bytes(data))


def _bomb(paper, path):
    path.write_bytes(png_bytes(40000, 40000, 8, 2, b"\x00" * 64))


def _outside(paper, path):
    secret = paper.root.parent / "secret.jpg"
    save(secret, Image.new("RGB", (50, 50)))
    return secret


REFUSED = {
    "missing": ("missing.jpg", lambda paper, path: None, "does not exist"),
    "truncated jpeg": ("cut.jpg", _truncated, "damaged or truncated"),
    "corrupt bytes": ("scrambled.png", _scrambled, "damaged or truncated"),
    "text named .jpg": ("notes.jpg", lambda paper, path: path.write_text("这不是图片\n"), "not a picture"),
    "decompression bomb": ("bomb.png", _bomb, "decompression bomb"),
    "symlink outside content": ("link.jpg", lambda paper, path: path.symlink_to(_outside(paper, path)),
                                "leads outside the content folder"),
    "../ outside content": ("../../../../secret.jpg", lambda paper, path: _outside(paper, path),
                            "leads outside the content folder"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_image_is_refused_naming_article_and_file(paper, case):
    name, make, why = REFUSED[case]
    path = paper.root / "content/2024-11-25/01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    make(paper, path)
    photo(paper, "good.jpg")
    story(paper, "good.jpg", name)
    error = paper.build_fails()
    (problem,) = [p for p in error.problems if not p.warning]
    assert problem.path == f"content/{ARTICLE}"
    assert Path(name).name in problem.message and why in problem.message, problem.message
    if case == "decompression bomb":
        assert path.stat().st_size < 1000
    assert not paper.public.exists()                                       # nothing published
    cache = paper.root / ".cache/images"
    for f in cache.rglob("*"):                                              # no half-written copy
        if f.suffix in (".jpg", ".webp"):
            assert is_complete(f, "jpeg" if f.suffix == ".jpg" else "webp"), f


def _cmyk(path):
    save(path, Image.new("CMYK", (300, 200), (0, 255, 255, 0)))                  # red in ink


def _grey16(path):
    raw = b"".join(b"\x00" + struct.pack(">H", 32768) * 300 for _ in range(200))
    path.write_bytes(png_bytes(300, 200, 16, 0, raw))


def _palette_transparent(path):
    im = Image.new("P", (300, 200), 1)
    im.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    im.paste(0, (0, 0, 150, 200))                                                 # left half transparent
    save(path, im, "PNG", transparency=0)


def _animated(path):
    frames = [Image.new("RGB", (300, 200), c) for c in ((200, 30, 30), (30, 30, 200))]
    save(path, frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


CONVERTED = {      # source -> a pixel at (x, y) of the 160-wide copy and the colour it must have
    "cmyk jpeg": ("ink.jpg", _cmyk, (80, 50), (255, 0, 0)),
    "16-bit png": ("grey16.png", _grey16, (80, 50), (128, 128, 128)),
    "palette png with transparency": ("flag.png", _palette_transparent, (20, 50), (255, 255, 255)),
    "animated gif": ("anim.gif", _animated, (80, 50), (200, 30, 30)),
}


@pytest.mark.parametrize("case", CONVERTED)
def test_unusual_image_is_converted_correctly(paper, case):
    name, make, xy, colour = CONVERTED[case]
    paper.write("site.yaml", "name: 测试日报\nimage_widths: [160]\n")
    (paper.root / "content/2024-11-25/01").mkdir(parents=True)
    make(paper.root / "content/2024-11-25/01" / name)
    story(paper, name)
    paper.build()
    stem = name.split(".")[0]
    copies = published(paper, rf"/{stem}\.\w+\.160\.(jpg|webp)$")
    assert len(copies) == 2
    for path, im in copies.items():
        assert im.mode == "RGB" and im.size[0] == 160
        pixel = im.getpixel(xy)
        assert all(abs(a - b) <= 30 for a, b in zip(pixel, colour)), (path, pixel)


def test_jpeg_is_decoded_at_reduced_scale_when_the_copies_are_much_smaller(tmp_path):
    source = save(tmp_path / "big.jpg", Image.new("RGB", (2400, 1600), (90, 120, 150)))
    img, size = images._decode(str(source), (160, 300))
    assert size == (2400, 1600)
    assert 300 <= img.width <= 600                   # decoded at 1/4 (600 px), not at full size
    img, size = images._decode(str(source), (160, 1600))
    assert img.width == 2400                         # 1600 needs more than half the source: full decode


def test_broken_pdf_page_is_refused_naming_edition_yaml_and_the_pdf(paper):
    paper.write("content/2024-11-25/p01.pdf", "%PDF-1.4 这不是完整的 PDF\n")
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n")
    paper.article(ARTICLE, "title: 头条")
    (problem,) = [p for p in paper.build_fails().problems if not p.warning]
    assert problem.path == "content/2024-11-25/edition.yaml"
    assert "p01.pdf" in problem.message and "PDF cannot be rendered" in problem.message
    assert not paper.public.exists()


@pytest.mark.parametrize("note", ["", "0 0\n", "12\n", "not numbers\n"])
def test_damaged_size_note_in_the_cache_is_ignored(paper, note):
    photo(paper, "a.jpg")
    story(paper, "a.jpg")
    paper.build()
    (size_file,) = (paper.root / ".cache/images").rglob("*.size")
    size_file.write_text(note)
    assert paper.build(clean=True).images_processed == 1
    assert size_file.read_text() == "600 400\n"


def test_a_chinese_papers_bad_image_is_told_in_chinese(paper, capsys, zh):
    (paper.root / "content/2024-11-25/01").mkdir(parents=True)
    (paper.root / "content/2024-11-25/01/notes.jpg").write_text("这不是图片\n", encoding="utf-8")
    _truncated(paper, paper.root / "content/2024-11-25/01/cut.jpg")
    story(paper, "notes.jpg", "cut.jpg")
    assert main(["build", "--root", str(paper.root), "--lang", "zh-CN"]) == 1
    err = capsys.readouterr().err
    assert f"content/{ARTICLE}: 错误: 图片 content/2024-11-25/01/notes.jpg：这不是图片（它真的是图片文件吗？" \
           "还是别的文件改了扩展名？）\n    请换成一张能在看图软件里正常打开的 JPEG、PNG 或 WebP 图片（或一页 PDF）。\n" in err, err
    assert f"content/{ARTICLE}: 错误: 图片 content/2024-11-25/01/cut.jpg：图片已损坏或不完整（" in err
    assert "构建失败：2 个错误" in err


def test_an_offline_zip_that_lacks_pages_is_told_in_chinese(paper, zh):
    from epaper.core.errors import Problems
    from epaper.media.offline import OfflineZip, make_offline_zip

    cache = paper.root / ".cache/offline/2024-11-25-k.zip"
    plan = OfflineZip("2024-11-25/2024-11-25-offline.zip", cache, "k", "2024-11-25", ("2024-11-25/01/index.html",))
    problems = Problems(paper.root)
    make_offline_zip(plan, lambda rel: None, {}, "", problems)
    assert [str(p) for p in problems.items] == [
        "2024-11-25/01/index.html: 错误: 无法生成 2024-11-25/2024-11-25-offline.zip：输出文件夹里缺少它的 1 个页面\n"
        "    请加 --clean 重新构建一次。"]
    assert not cache.exists()
