"""`YYYY-MM-DD/iiif/manifest.json`: the edition as a IIIF Presentation 3 manifest, checked against the
rules of schemas/iiif-presentation-3.schema.json (a focused schema: no published IIIF schema package
is installable here) and against what a viewer does with it."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from PIL import Image

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas/iiif-presentation-3.schema.json").read_text("utf-8"))
BASE = "https://paper.example.com/"


@pytest.fixture
def scanned(small_paper):
    Image.new("RGB", (1200, 1700), "white").save(small_paper.root / "content/2024-11-25/p01.jpg")
    Image.new("RGB", (1200, 1700), "white").save(small_paper.root / "content/2024-11-25/p02.jpg")
    small_paper.write("content/2024-11-25/edition.yaml", """
        number: "总第 100 期"
        pages:
          1: {name: 一版要闻, image: p01.jpg}
          2: {name: 要闻, image: p02.jpg}
          8: {name: 通辽}
    """)
    small_paper.article("2024-11-25/01/lead-story.md", "title: 头条新闻\norder: 1\narea: [0.1, 0.2, 0.5, 0.25]")
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇 <b>&</b>\norder: 2\narea: [0, 0.5, 1, 0.5]")
    small_paper.build()
    return small_paper


def local(paper, url: str) -> Path:
    assert url.startswith(BASE)
    return paper.public / unquote(url.removeprefix(BASE).split("#")[0])


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_edition_manifest_has_a_canvas_per_scanned_page_with_its_image_service(scanned):
    manifest = json.loads(scanned.read("2024-11-25/iiif/manifest.json"))
    jsonschema.validate(manifest, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert manifest["id"] == BASE + "2024-11-25/iiif/manifest.json"
    assert manifest["label"] == {"zh-CN": ["测试日报 2024年11月25日 总第 100 期"]}
    assert [c["label"]["zh-CN"][0] for c in manifest["items"]] == ["第01版：一版要闻", "第02版：要闻"]   # page 8: no scan
    ids = [manifest["id"]]
    for canvas in manifest["items"]:
        [page] = canvas["items"]
        [paint] = page["items"]
        assert paint["target"] == canvas["id"]
        image = paint["body"]
        assert (image["width"], image["height"]) == (canvas["width"], canvas["height"]) == (1200, 1700)
        assert local(scanned, image["id"]).is_file()
        [service] = image["service"]
        info = json.loads(local(scanned, service["id"] + "/info.json").read_text(encoding="utf-8"))
        assert info["id"] == service["id"] and (info["width"], info["height"]) == (1200, 1700)
        ids += [canvas["id"], page["id"], paint["id"]]
    assert len(ids) == len(set(ids))
    assert local(scanned, manifest["seeAlso"][0]["id"]).name == "edition.json"


def test_article_regions_are_annotations_linking_to_the_article_with_its_headline(scanned):
    manifest = json.loads(scanned.read("2024-11-25/iiif/manifest.json"))
    front = manifest["items"][0]
    [page] = front["annotations"]
    links = {a["label"]["zh-CN"][0]: a for a in page["items"]}
    assert set(links) == {"头条新闻", "第二篇 <b>&</b>"}
    lead = links["头条新闻"]
    assert lead["motivation"] == "linking" and lead["target"] == front["id"] + "#xywh=120,340,600,425"
    assert lead["body"]["id"] == BASE + "2024-11-25/01/lead-story.html" and local(scanned, lead["body"]["id"]).is_file()
    assert links["第二篇 <b>&</b>"]["target"].endswith("#xywh=0,850,1200,850")
    assert "annotations" not in manifest["items"][1]           # page 2 has no regions


def test_manifest_is_linked_from_edition_json_and_the_page_view(scanned):
    edition = json.loads(scanned.read("2024-11-25/edition.json"))
    assert edition["iiif"] == "2024-11-25/iiif/manifest.json"
    html = scanned.read("2024-11-25/02/index.html")
    assert ('<link rel="alternate" type=\'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"\' '
            f'href="{BASE}2024-11-25/iiif/manifest.json"') in html
    assert "iiif" not in json.loads(scanned.read("2024-11-24/edition.json"))        # no scans, no manifest
    assert not (scanned.public / "2024-11-24/iiif").exists()


def test_schema_rejects_what_iiif_forbids(scanned):
    manifest = json.loads(scanned.read("2024-11-25/iiif/manifest.json"))
    bad = json.loads(json.dumps(manifest))
    bad["items"][0]["id"] = "2024-11-25/iiif/canvas/01"                 # a relative id
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA, cls=jsonschema.Draft202012Validator)
    bad = json.loads(json.dumps(manifest))
    bad["label"] = "测试日报"                                               # not a language map
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA, cls=jsonschema.Draft202012Validator)
    bad = json.loads(json.dumps(manifest))
    del bad["items"][0]["width"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_no_manifest_without_base_url(scanned):
    scanned.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\n")
    scanned.build()
    assert not (scanned.public / "2024-11-25/iiif").exists()
    assert "iiif" not in json.loads(scanned.read("2024-11-25/edition.json"))
    assert "presentation/3" not in scanned.read("2024-11-25/02/index.html")


def test_every_demo_edition_with_scans_has_a_valid_manifest(demo):
    manifests = sorted(demo.glob("*/iiif/manifest.json"))
    assert manifests
    for path in manifests:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(manifest, SCHEMA, cls=jsonschema.Draft202012Validator)
        for canvas in manifest["items"]:
            for page in canvas.get("annotations", []):
                for link in page["items"]:
                    x, y, w, h = map(int, re.search(r"#xywh=(.+)$", link["target"]).group(1).split(","))
                    assert x + w <= canvas["width"] and y + h <= canvas["height"], link["id"]
