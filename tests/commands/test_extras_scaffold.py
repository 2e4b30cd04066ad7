"""`build.py new edition|article`: the night desk's skeletons, which then build."""
from __future__ import annotations

import datetime as dt
import re

from epaper.commands.cli import main
from epaper.content.parse import ARTICLE_KEYS, parse_article
from epaper.commands.scaffold import article_skeleton, next_number


def _new(paper, *args) -> int:
    return main(["new", *args, "--root", str(paper.root)])


def test_can_number_the_next_edition():
    assert next_number("总第 25501 期") == "总第 25502 期"
    assert next_number("No. 0099") == "No. 0100"
    assert next_number("特刊") == "特刊"


def test_new_edition_carries_over_page_names_and_number_of_the_latest(small_paper, capsys):
    small_paper.write("content/2024-11-25/edition.yaml", """
        number: "总第 25501 期"
        pages:
          1: {name: 一版要闻, image: old-scan.jpg}
          2: {name: 要闻}
          8: {name: "通辽: 民生"}
    """)
    assert _new(small_paper, "edition", "2024-11-26") == 0
    folder = small_paper.root / "content/2024-11-26"
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert 'number: "总第 25502 期"' in text
    assert '1: {name: "一版要闻"}' in text and '8: {name: "通辽: 民生"}' in text
    assert "old-scan.jpg" not in text                         # scans belong to the old edition
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["01", "02", "08"]
    assert "created content/2024-11-26/edition.yaml" in capsys.readouterr().out


def test_new_edition_and_article_then_build(small_paper):
    assert _new(small_paper, "edition", "2024-11-26") == 0
    assert _new(small_paper, "article", "2024-11-26/8", "bridge-opens", "--title", "大桥通车") == 0
    path = small_paper.root / "content/2024-11-26/08/bridge-opens.md"
    assert path.is_file()
    report = small_paper.build(today=dt.date(2024, 11, 26))
    assert report.editions == 3
    html = small_paper.read("2024-11-26/08/bridge-opens.html")
    assert "大桥通车" in html and "第08版：通辽" in html
    assert "大桥通车" in small_paper.read("2024-11-26/08/index.html")
    assert "总第 101 期" in small_paper.read("index.html")          # the new edition is the latest


def test_new_article_skeleton_names_every_key_and_all_of_them_parse():
    text = article_skeleton(8)
    for key in ARTICLE_KEYS:
        assert f"{key}:" in text, key
    record = parse_article("2024-11-26/08/x.md", text)
    assert record.problems == [] and record.meta["title"] == "标题待定"
    assert record.meta["kicker"] == ""                    # optional keys are commented out
    uncommented = "\n".join(line[2:] if line.startswith("# ") else line for line in text.split("\n"))
    record = parse_article("2024-11-26/08/x.md", uncommented)
    assert record.problems == []
    assert record.meta["continues"] == "other-part" and record.meta["area"] == [0.05, 0.1, 0.6, 0.3]


def test_new_refuses_to_overwrite(small_paper, capsys):
    before = (small_paper.root / "content/2024-11-25/edition.yaml").read_text(encoding="utf-8")
    assert _new(small_paper, "edition", "2024-11-25") == 1
    assert (small_paper.root / "content/2024-11-25/edition.yaml").read_text(encoding="utf-8") == before
    err = capsys.readouterr().err
    assert "content/2024-11-25/edition.yaml: error: already exists; nothing was changed" in err
    assert "Nothing was created." in err
    article = small_paper.root / "content/2024-11-25/02/alpha.md"
    before = article.read_text(encoding="utf-8")
    assert _new(small_paper, "article", "2024-11-25/02", "alpha") == 1
    assert article.read_text(encoding="utf-8") == before
    assert "content/2024-11-25/02/alpha.md: error: already exists" in capsys.readouterr().err


def test_new_explains_bad_arguments(small_paper, capsys):
    assert _new(small_paper, "edition", "2024-13-01") == 1
    assert "'2024-13-01' is not an edition date" in capsys.readouterr().err
    assert _new(small_paper, "article", "2024-11-25", "x") == 1
    assert "is not an edition date and a page number" in capsys.readouterr().err
    assert _new(small_paper, "article", "2024-11-25/02", "index") == 1
    assert "'index' cannot be used as an article's file name" in capsys.readouterr().err
    assert _new(small_paper, "article", "2030-01-01/02", "x") == 1
    err = capsys.readouterr().err
    assert "content/2030-01-01: error: there is no such edition folder" in err and "new edition 2030-01-01" in err
    assert not (small_paper.root / "content/2030-01-01").exists()


def test_new_article_refuses_a_title_that_is_not_utf8_and_leaves_no_file(small_paper, capsys):
    title = b"\xff".decode("utf-8", "surrogateescape")      # what Python makes of --title $'\xff'
    assert _new(small_paper, "article", "2024-11-25/02", "gamma", "--title", title) == 1
    err = capsys.readouterr().err
    assert "content/2024-11-25/02/gamma.md: error: the --title" in err and "is not UTF-8 text" in err
    assert not (small_paper.root / "content/2024-11-25/02/gamma.md").exists()
    assert _new(small_paper, "article", "2024-11-25/02", "gamma", "--title", "伽马") == 0
    assert 'title: "伽马"' in (small_paper.root / "content/2024-11-25/02/gamma.md").read_text(encoding="utf-8")


def test_an_english_papers_article_skeleton_has_english_placeholders(tmp_path):
    """`new article` in an English paper: a headline and body left as written must not publish Chinese."""
    from epaper.commands.cli import main
    root = tmp_path / "daily"
    assert main(["init", str(root), "--language", "en", "-q"]) == 0
    (root / "content/2024-03-05/01").mkdir(parents=True)     # not today, whose edition `init` makes
    assert main(["new", "article", "2024-03-05/01", "bridge-opens", "--root", str(root), "-q"]) == 0
    text = (root / "content/2024-03-05/01/bridge-opens.md").read_text(encoding="utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", text), text
    assert 'title: "Headline to come"' in text and text.endswith("\n\nFirst paragraph.\n")
