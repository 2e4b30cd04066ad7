"""Deep-zoom tiles of page scans: a static IIIF Image API level-0 service per scan, cut once."""
from __future__ import annotations

import json
import math
import re

from PIL import Image

from epaper.media import tiles

PAGE = "2024-11-25/01/index.html"


def scanned(paper, size=(2300, 3000)) -> None:
    path = paper.root / "content/2024-11-25/p01.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(path, quality=60)
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, image: p01.jpg}\n")
    paper.article("2024-11-25/01/story.md", "title: 头条\narea: [0.1, 0.2, 0.5, 0.3]")


def test_scan_gets_a_level0_image_service_with_every_tile_a_viewer_asks_for(paper):
    scanned(paper)
    paper.build()
    info_url = re.search(r'data-tiles="([^"]+)"', paper.read(PAGE)).group(1)
    info_path = (paper.public / "2024-11-25/01" / info_url).resolve()
    info = json.loads(info_path.read_text(encoding="utf-8"))
    assert info["@context"] == "http://iiif.io/api/image/3/context.json" and info["profile"] == "level0"
    assert (info["type"], info["protocol"]) == ("ImageService3", "http://iiif.io/api/image")
    assert (info["width"], info["height"]) == (2000, 2609)               # the largest scan width
    assert info["id"] == "https://paper.example.com/" + info_path.parent.relative_to(paper.public.resolve()).as_posix()
    assert info["tiles"] == [{"width": 1024, "height": 1024, "scaleFactors": [1, 2, 4]}]
    folder = info_path.parent
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*.jpg")}
    # what OpenSeadragon's IIIF tile source asks for: 2x3 tiles at full size, 1x2 at half, one at a quarter
    assert len(files) == 6 + 2 + 1
    assert {"0,0,1024,1024/1024,1024/0/default.jpg", "1024,2048,976,561/976,561/0/default.jpg",
            "0,2048,2000,561/1000,281/0/default.jpg", "full/500,653/0/default.jpg"} <= files
    with Image.open(folder / "1024,2048,976,561/976,561/0/default.jpg") as tile:
        assert tile.size == (976, 561)


def test_tiles_cover_every_level_without_gaps():
    for w, h in ((2000, 2609), (1024, 1024), (1025, 300), (90, 60)):
        service = tiles.ImageService("x.iiif", w, h, "", "k")
        for sf in tiles.scale_factors(w, h):
            level = [t for t in tiles.tiles_of(service) if t.scale == sf]
            area = sum((t.box[2] - t.box[0]) * (t.box[3] - t.box[1]) for t in level)
            assert area == math.ceil(w / sf) * math.ceil(h / sf), (w, h, sf)
        assert [t.path for t in tiles.tiles_of(service)][-1].startswith("full/")


def test_tiles_are_cut_once_and_follow_a_changed_scan(paper, monkeypatch):
    scanned(paper)
    paper.build()
    first = re.search(r'data-tiles="([^"]+)"', paper.read(PAGE)).group(1)
    monkeypatch.setattr(tiles, "_cut", lambda *a: (_ for _ in ()).throw(AssertionError("cut again")))
    paper.build(clean=True)
    monkeypatch.undo()
    scanned(paper, size=(1800, 2400))
    paper.build()
    second = re.search(r'data-tiles="([^"]+)"', paper.read(PAGE)).group(1)
    assert second != first and (paper.public / "2024-11-25/01" / second).resolve().is_file()
    assert not (paper.public / "2024-11-25/01" / first).resolve().parent.exists()      # the old set is gone


def test_check_knows_the_tiles_are_made_from_content(paper, capsys):
    """`check` reports files the content does not make: a page scan's zoom tiles are made from it."""
    from epaper.commands.cli import main
    scanned(paper)
    paper.build()
    assert any(paper.public.resolve().rglob("*.iiif/*/*/0/default.jpg"))
    assert main(["check", "--root", str(paper.root), "--no-html"]) == 0, capsys.readouterr().err
