"""A pulled story must go: after drafting, deleting, moving or renaming an article, or dating its edition
into the future or deleting it, no trace of it stays in public/, whatever the state of .cache/ and
whatever public/ held before; and `check` reports any file in public/ that the content does not make."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from epaper.commands.cli import main
from epaper.engine.pipeline import BuildOptions, build

from conftest import Paper

SLUG = "pulledq7x"          # the article's file name: in its address, in every link to it
HEADLINE = "Pulled Q7X"     # ASCII, so that JSON and XML escaping cannot hide it from the search


def _story(paper: Paper) -> None:
    paper.article(f"2024-11-25/02/{SLUG}.md", f"title: {HEADLINE} story\nauthors: 记者撤稿\nsection: 撤稿栏目\norder: 3")


def _move(paper: Paper, to: str) -> None:
    src = paper.root / f"content/2024-11-25/02/{SLUG}.md"
    dest = paper.root / "content" / to
    dest.parent.mkdir(parents=True, exist_ok=True)
    src.rename(dest)


def _draft(paper: Paper) -> None:
    path = paper.root / f"content/2024-11-25/02/{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")


# operation -> (how, the strings that must appear nowhere afterwards)
OPERATIONS = {
    "draft": (_draft, [SLUG, HEADLINE]),
    "delete": (lambda p: (p.root / f"content/2024-11-25/02/{SLUG}.md").unlink(), [SLUG, HEADLINE]),
    "move_page": (lambda p: _move(p, f"2024-11-25/01/{SLUG}.md"), [f"02/{SLUG}"]),
    "move_edition": (lambda p: _move(p, f"2024-11-24/01/{SLUG}.md"), [f"2024-11-25/02/{SLUG}", f"02/{SLUG}"]),
    "rename": (lambda p: _move(p, "2024-11-25/02/renamed.md"), [SLUG]),
    "future_edition": (lambda p: (p.root / "content/2024-11-25").rename(p.root / "content/2099-01-01"),
                       [SLUG, HEADLINE]),
    "delete_edition": (lambda p: shutil.rmtree(p.root / "content/2024-11-25"), [SLUG, HEADLINE]),
}


def _traces(public: Path, needles: list[str]) -> list[str]:
    """Every file (and file inside an offline ZIP) that holds one of the needles in its path or text."""
    found = []
    for path in sorted(public.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(public).as_posix()
        members = {rel: path.read_bytes()}
        if rel.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                members.update({f"{rel}!{name}": z.read(name) for name in z.namelist()})
        for name, data in members.items():
            text = name + "\n" + data.decode("utf-8", errors="replace")
            found += [f"{name}: {n}" for n in needles if n in text]
    return found


def _start(paper: Paper, how: str, tmp_path: Path) -> Paper:
    """The paper after a first build, in one of the states a newsroom meets: the same folder, the folder
    copied elsewhere with its .cache (a restore from a backup), .cache lost (a CI cache miss)."""
    paper.build()
    if how == "copied":
        copy = tmp_path / "elsewhere"
        shutil.copytree(paper.root, copy, symlinks=True)
        paper = Paper(copy)
    elif how == "no_cache":
        shutil.rmtree(paper.root / ".cache")
    return paper


@pytest.mark.parametrize("start", ["same", "copied", "no_cache", "clean"])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_pulled_article_leaves_no_trace(small_paper, tmp_path, operation, start):
    _story(small_paper)
    paper = _start(small_paper, start, tmp_path)
    apply, needles = OPERATIONS[operation]
    before = _traces(paper.public, needles)
    # Its page, the page view, edition.json, feeds, sitemaps, the indexes and the offline ZIP show it.
    for where in (f"2024-11-25/02/{SLUG}.html:", "2024-11-25/02/index.html:", "2024-11-25/edition.json:",
                  "rss.xml:", "sitemap.xml:", "2024-11-25/2024-11-25-offline.zip!", "authors/", "sections/"):
        assert any(t.startswith(where) for t in before), (where, before)
    apply(paper)
    paper.age()
    paper.build(clean=start == "clean")
    assert _traces(paper.public, needles) == []
    assert not (paper.public / f"2024-11-25/02/{SLUG}.html").exists()


@pytest.mark.parametrize("start", ["same", "copied", "no_cache", "clean"])
def test_a_file_planted_in_public_does_not_survive_a_build(small_paper, tmp_path, start):
    paper = _start(small_paper, start, tmp_path)
    (paper.public / "2024-11-25/02/planted.html").write_text("<p>planted</p>")
    (paper.public / "planted.txt").write_text("x")
    paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    paper.age()
    paper.build(clean=start == "clean")
    assert not (paper.public / "2024-11-25/02/planted.html").exists()
    assert not (paper.public / "planted.txt").exists()


def test_files_the_paper_keeps_stay_and_check_accepts_them(small_paper, capsys):
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://paper.example.com/\n"
                                   "keep: [_headers, \"google*.html\"]\n")
    small_paper.build()
    (small_paper.public / "_headers").write_text("/*\n  X-Frame-Options: DENY\n")
    (small_paper.public / "google1234.html").write_text("google-site-verification: google1234.html")
    (small_paper.public / "2024-11-25/google5.html").write_text("not at the top: not kept")
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    small_paper.build(clean=True)
    assert (small_paper.public / "_headers").read_text().startswith("/*")
    assert (small_paper.public / "google1234.html").exists()
    assert not (small_paper.public / "2024-11-25/google5.html").exists()
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 0, capsys.readouterr().err
    # Replaced by the host's tooling, and built twice more (each generation takes the one shown).
    new = small_paper.public / ".new_headers"
    new.write_text("/*\n  X-Frame-Options: SAMEORIGIN\n")
    new.rename(small_paper.public / "_headers")
    for title in ("二版甲再改", "二版甲三改"):
        small_paper.article("2024-11-25/02/alpha.md", f"title: {title}")
        small_paper.age()
        small_paper.build()
        assert "SAMEORIGIN" in (small_paper.public / "_headers").read_text()
        assert (small_paper.public / "google1234.html").exists()


def test_check_reports_a_file_the_content_does_not_make(small_paper, capsys):
    small_paper.build()
    (small_paper.public / "2024-11-25/02/old-story.html").write_text("<!doctype html><title>x</title><p>old</p>")
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 1
    err = capsys.readouterr().err
    assert "public/2024-11-25/02/old-story.html: error: this file is not made from content/" in err
    assert "keep:" in err


def test_check_reports_an_offline_zip_of_a_pulled_edition(small_paper, capsys):
    """The ZIP of an edition is made from the model: once the edition is gone, so is its ZIP."""
    small_paper.build()
    shutil.rmtree(small_paper.root / "content/2024-11-24")
    small_paper.age()
    small_paper.build()
    assert not (small_paper.public / "2024-11-24").exists()
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 0, capsys.readouterr().err


def test_a_copied_paper_builds_into_its_own_public(small_paper, tmp_path):
    """The copy's public/ is a link into the copy's own generations, never into the original's."""
    small_paper.build()
    copy = tmp_path / "copy"
    shutil.copytree(small_paper.root, copy, symlinks=True)
    (copy / "content/2024-11-25/02/beta.md").unlink()
    Paper(copy).age()
    build(copy, BuildOptions(jobs=1))
    assert (small_paper.public / "2024-11-25/02/beta.html").exists()
    assert not (copy / "public/2024-11-25/02/beta.html").exists()
    assert (copy / "public").resolve().is_relative_to(copy.resolve())
