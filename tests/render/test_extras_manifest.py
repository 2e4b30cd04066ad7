"""`YYYY-MM-DD/edition.json`: every manifest validates against schemas/edition.schema.json."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extras_paper import built_rich_paper, rich_paper  # noqa: F401 (fixture)

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas/edition.schema.json").read_text("utf-8"))


def _manifests(public: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text("utf-8")) for p in sorted(public.glob("*/edition.json"))}


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("fixture", ["small_paper", "built_rich_paper"])
def test_every_manifest_validates(fixture, request):
    paper = request.getfixturevalue(fixture)
    if fixture == "small_paper":
        paper.build()
    manifests = _manifests(paper.public)
    assert sorted(manifests) == ["2024-11-24", "2024-11-25"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for date, manifest in manifests.items():
        errors = [f"{date}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]
        assert errors == []


def test_schema_rejects_a_manifest_missing_a_field(built_rich_paper):
    paper = built_rich_paper
    manifest = _manifests(paper.public)["2024-11-25"]
    del manifest["articles"][0]["title"]
    with pytest.raises(jsonschema.ValidationError, match="'title' is a required property"):
        jsonschema.validate(manifest, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_manifest_lists_pages_articles_images_and_continuations_with_working_urls(built_rich_paper):
    paper = built_rich_paper
    m = _manifests(paper.public)["2024-11-25"]
    assert (m["date"], m["number"], m["paper"]) == ("2024-11-25", "总第 25501 期", "测试日报")
    assert m["previous"] == "2024-11-24/edition.json" and m["next"] is None
    assert m["offline"] == "2024-11-25/2024-11-25-offline.zip"
    assert [(p["number"], p["name"]) for p in m["pages"]] == [(1, "一版要闻"), (2, "要闻"), (5, "通辽")]
    assert m["pages"][0]["articles"] == ["2024-11-25/01/lead-story.html", "2024-11-25/01/second.html"]
    assert m["pages"][0]["scan"]["width"] == 300
    assert m["pages"][1]["scan"]["url"].startswith("2024-11-25/scans/p02.")     # rendered from its PDF
    lead = m["articles"][0]
    assert (lead["title"], lead["kicker"], lead["subtitle"]) == ("大桥今日通车", "历时三年", "两岸居民出行时间缩短一半")
    assert lead["authors"] == ["本报记者 王海燕", "通讯员 赵强"]
    assert (lead["section"], lead["page"], lead["order"], lead["area"]) == ("一版要闻", 1, 1, [0.0, 0.0, 1.0, 0.6])
    assert [(i["caption"], i["credit"]) for i in lead["images"]] == [("通车仪式现场", "张启民")]
    assert lead["continued_to"] == "2024-11-25/05/lead-story-2.html"
    second_part = next(a for a in m["articles"] if a["url"].endswith("lead-story-2.html"))
    assert second_part["continued_from"] == "2024-11-25/01/lead-story.html"
    urls = [m["url"], m["pdf"], m["offline"], *(p["url"] for p in m["pages"]), *(p["pdf"] for p in m["pages"] if p["pdf"]),
            *(p["scan"]["url"] for p in m["pages"] if p["scan"]),
            *(a["url"] for a in m["articles"]), *(i["url"] for a in m["articles"] for i in a["images"])]
    assert [u for u in urls if not (paper.public / u).is_file()] == []


def test_manifest_is_rewritten_only_when_its_data_changes(paper):
    rich_paper(paper)
    paper.build()
    path = paper.public / "2024-11-25/edition.json"
    before = path.stat().st_ino
    paper.article("2024-11-25/02/market.md", """
        title: 早市见闻
        authors: 李铭
        images:
          - {file: market.jpg, caption: 早市一角, credit: 张启民}
    """, "正文第一段。\n\n改动了第二段。\n")
    paper.build()
    assert path.stat().st_ino == before                     # the body changed, not the manifest's data
    paper.article("2024-11-25/02/market.md", "title: 早市新见闻\nauthors: 李铭")
    paper.build()
    assert path.stat().st_ino != before
    assert "早市新见闻" in path.read_text("utf-8")


def test_manifest_names_the_whole_edition_pdf_only_when_there_is_one(paper):
    rich_paper(paper)
    paper.write("content/2024-11-23/edition.yaml", "pages:\n  1: {name: 一版要闻}\n")
    paper.article("2024-11-23/01/a.md", "title: A")
    paper.build()
    manifests = _manifests(paper.public)
    assert manifests["2024-11-25"]["pdf"] == "2024-11-25/2024-11-25-edition.pdf"
    assert (paper.public / manifests["2024-11-25"]["pdf"]).is_file()
    assert "pdf" not in manifests["2024-11-23"]
