"""Incremental builds: a rebuild touches only what changed, and always equals a clean build."""
from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image

from conftest import REPO
from epaper.engine.pipeline import BuildOptions, build
from epaper.engine.builddb import BuildState


def _pages(paths):
    """The HTML views among changed files (the edition's downloads change with any of them)."""
    return [p for p in paths if p.endswith(".html")]


def test_second_build_writes_nothing(small_paper):
    small_paper.age()
    first = small_paper.build()
    assert first.written > 0
    again = small_paper.build()
    assert (again.written, again.removed, again.changed) == (0, 0, [])


def test_editing_a_body_rewrites_only_that_article(small_paper):
    small_paper.age()
    small_paper.build()
    # The lead paragraph is shown on the page view; a later paragraph only in the article.
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲", "正文第一段。\n\n改过的第二段。\n")
    report = small_paper.build()
    assert _pages(report.changed) == ["2024-11-25/02/alpha.html"]
    assert "改过的第二段" in small_paper.read("2024-11-25/02/alpha.html")


def test_editing_a_headline_touches_its_page_and_neighbours(small_paper):
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-25/02/alpha.md", "title: 新标题")
    changed = set(_pages(small_paper.build().changed))
    assert changed == {"2024-11-25/02/alpha.html", "2024-11-25/02/index.html",
                       "2024-11-25/01/second.html", "2024-11-25/02/beta.html", "sections/要闻/index.html"}
    assert "新标题" in small_paper.read("2024-11-25/01/second.html")      # its 下一篇 link


def test_adding_an_edition_touches_it_the_previous_latest_archive_and_home(small_paper):
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期")
    changed = set(small_paper.build().changed)
    assert {"2024-11-26/01/new.html", "2024-11-26/01/index.html", "archive/index.html", "index.html"} <= changed
    assert not any(p.startswith("2024-11-24/") for p in changed)
    assert any(p.startswith("2024-11-25/") for p in changed)          # its 后一期 link
    assert "新的一期" in small_paper.read("index.html")


def test_adding_an_edition_rewrites_only_the_indexes_that_list_its_articles(small_paper):
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期\nauthors: 本报记者 王海燕\nsection: 要闻")
    changed = {p for p in small_paper.build().changed if p.startswith(("authors/", "sections/"))}
    assert changed == {"authors/王海燕/index.html", "sections/要闻/index.html"}
    assert "新的一期" in small_paper.read("authors/王海燕/index.html")
    assert "新的一期" not in small_paper.read("authors/李铭/index.html")


def test_adding_an_edition_looks_only_at_the_indexes_that_list_its_articles(small_paper, monkeypatch):
    """A ten-year archive has 140,000 indexes; one more edition must not fingerprint them all again.
    Removing the edition again takes its new author's index and overview entry away."""
    import epaper.engine.making
    small_paper.build()
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期\nauthors: [本报记者 王海燕, 新记者]\nsection: 要闻")
    looked_at = []
    real = epaper.engine.making.index_fingerprint
    monkeypatch.setattr(epaper.engine.making, "index_fingerprint",
                        lambda kind, items, *rest: looked_at.append((kind, len(items))) or real(kind, items, *rest))
    small_paper.build()
    assert sorted(looked_at) == [("authors", 1), ("authors", 2), ("sections", 3)]
    assert "新的一期" in small_paper.read("authors/新记者/index.html")
    assert "新的一期" in small_paper.read("authors/王海燕/index.html")
    assert "新记者" in small_paper.read("indexes/index.html")
    assert "新的一期" not in small_paper.read("authors/李铭/index.html")
    (small_paper.root / "content/2024-11-26/01/new.md").unlink()
    (small_paper.root / "content/2024-11-26/01").rmdir()
    (small_paper.root / "content/2024-11-26").rmdir()
    looked_at.clear()
    small_paper.build()
    assert sorted(looked_at) == [("authors", 1), ("sections", 2)]
    assert not (small_paper.public / "authors/新记者/index.html").exists()
    assert "新记者" not in small_paper.read("indexes/index.html")
    assert "新的一期" not in small_paper.read("authors/王海燕/index.html")


def test_a_kept_state_drops_the_link_to_an_edition_deleted_after_the_latest(small_paper, tmp_path):
    """The preview keeps unchanged editions between builds; the one that becomes the latest must lose
    its 后一期 link."""
    small_paper.article("2024-11-26/01/x.md", "title: 新一期")
    small_paper.age()
    state, out = BuildState(), tmp_path / "out"
    build(small_paper.root, BuildOptions(jobs=1, out=out), state=state)
    assert "2024-11-26/01/index.html" in (out / "2024-11-25/01/index.html").read_text(encoding="utf-8")
    shutil.rmtree(small_paper.root / "content/2024-11-26")
    build(small_paper.root, BuildOptions(jobs=1, out=out), state=state)
    assert "2024-11-26" not in (out / "2024-11-25/01/index.html").read_text(encoding="utf-8")


def test_deleted_article_disappears(small_paper):
    small_paper.build()
    (small_paper.root / "content/2024-11-25/02/beta.md").unlink()
    report = small_paper.build()
    assert "2024-11-25/02/beta.html" in report.changed
    assert not (small_paper.public / "2024-11-25/02/beta.html").exists()


def test_corrupt_or_foreign_state_is_not_trusted(small_paper):
    small_paper.build()
    before = small_paper.files()
    for state_file in (small_paper.root / ".cache/state").glob("*.pickle"):
        state_file.write_bytes(b"\x80\x04garbage")
    (small_paper.public / "index.html").write_text("tampered")
    small_paper.build()
    assert small_paper.files() == before
    for state_file in (small_paper.root / ".cache/state").glob("*.pickle"):
        state_file.write_bytes(pickle.dumps(("someone-else:1", {"outputs": {}})))
    assert small_paper.build().written > 0


def test_files_removed_from_public_are_written_again(small_paper):
    small_paper.build()
    before = small_paper.files()
    shutil.rmtree(small_paper.public / "2024-11-24")
    next(small_paper.public.glob("assets/style.*.css")).unlink()
    small_paper.build()
    assert small_paper.files() == before


def test_clean_option_renders_everything(small_paper):
    small_paper.build()
    assert small_paper.build(clean=True).written == len(small_paper.files())


# --- the property: any sequence of edits, then incremental == clean ---------------------------

EDITS = ["add_article", "edit_body", "edit_title", "edit_byline", "delete_article", "rename_article", "add_edition",
         "delete_edition", "rename_page", "add_photo", "change_photo", "edit_layout", "edit_config", "edit_css",
         "toggle_override", "page_pdf", "add_scan", "draft_article", "undraft_article", "move_article_page",
         "move_article_edition"]
# What may have happened to the paper's folder between two builds (only the command line's builds: the
# preview keeps its state in memory and its own output folder).
STARTS = ["same", "same", "copied", "no_cache", "planted", "clean"]


def _articles(root):
    return sorted(root.glob("content/*/*/*.md"))


def _apply(root, edit: str, rng: random.Random) -> None:
    content = root / "content"
    articles = _articles(root)
    n = rng.randrange(1000)
    if edit == "add_article" or not articles:
        date = rng.choice(sorted(p.name for p in content.iterdir()) or ["2024-11-25"])
        folder = content / date / f"{rng.randint(1, 3):02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{n}.md").write_text(f"---\ntitle: 标题{n}\norder: {rng.randint(1, 5)}\n---\n\n正文{n}。\n")
    elif edit == "edit_body":
        path = rng.choice(articles)
        path.write_text(path.read_text() + f"\n追加{n}。\n")
    elif edit == "edit_title":
        path = rng.choice(articles)
        text = path.read_text().split("\n")
        text[1] = f"title: 改{n}"
        path.write_text("\n".join(text))
    elif edit == "edit_byline":      # moves the article from one author's and section's index to another's
        path = rng.choice(articles)
        lines = [t for t in path.read_text().split("\n") if not t.startswith(("authors:", "section:"))]
        lines[1:1] = [f"authors: [记者{n % 3}]", f"section: 栏目{n % 2}"]
        path.write_text("\n".join(lines))
    elif edit == "delete_article":
        rng.choice(articles).unlink()
    elif edit == "rename_article":
        path = rng.choice(articles)
        path.rename(path.with_name(f"r{n}.md"))
    elif edit == "draft_article":       # how a desk pulls a story
        path = rng.choice(articles)
        path.write_text(path.read_text().replace("---\n", "---\ndraft: true\n", 1))
    elif edit == "undraft_article":
        drafted = [p for p in articles if "draft: true" in p.read_text()] or articles
        path = rng.choice(drafted)
        path.write_text(path.read_text().replace("draft: true\n", ""))
    elif edit in ("move_article_page", "move_article_edition"):
        path = rng.choice([p for p in articles if "images:" not in p.read_text()] or [None])     # photos stay
        if path is None:
            return
        if edit == "move_article_page":
            folder = path.parent.parent / f"{rng.randint(1, 3):02d}"
        else:
            folder = content / rng.choice(sorted(p.name for p in content.iterdir())) / path.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / path.name).exists():
            path.rename(folder / path.name)
    elif edit == "add_edition":
        date = f"2024-12-{rng.randint(1, 28):02d}"
        (content / date / "01").mkdir(parents=True, exist_ok=True)
        (content / date / "01" / f"e{n}.md").write_text(f"---\ntitle: 新{n}\n---\n\n新一期。\n")
    elif edit == "delete_edition":
        editions = sorted(p for p in content.iterdir() if p.is_dir())
        if len(editions) > 1:
            shutil.rmtree(rng.choice(editions))
    elif edit == "rename_page":
        path = rng.choice(sorted(content.glob("*/edition.yaml")) or [None])
        if path:
            path.write_text(f"number: 第{n}期\npages:\n  1: {{name: 版名{n}}}\n  2: {{name: 要闻}}\n")
    elif edit in ("add_photo", "change_photo"):
        path = rng.choice(articles)
        photo = path.with_name("p.png")
        Image.new("RGB", (64 + n % 50, 48), (n % 256, 90, 30)).save(photo)
        text = path.read_text()
        if "images:" not in text:
            path.write_text(text.replace("\n---\n", f"\nimages: [{{file: p.png, caption: 图{n}, credit: 摄影{n}}}]\n---\n", 1))
    elif edit == "add_scan":         # a page scan (new or changed): its zoom tiles and info.json, the manifest
        folder = rng.choice(sorted(p for p in content.iterdir() if p.is_dir()))
        Image.new("RGB", (60 + n % 50, 90), (n % 256, 200, 200)).save(folder / "s.png")
        (folder / "edition.yaml").write_text("pages:\n  1: {name: 一版, image: s.png}\n")
    elif edit == "edit_layout":
        layout = root / "layouts" / rng.choice(["article.html", "page.html", "_macros.html", "archive.html", "listing.html"])
        if layout.exists():
            layout.write_text(layout.read_text() + f"\n{{# {n} #}}<!-- {n} -->\n")
    elif edit == "edit_config":
        (root / "site.yaml").write_text(f"name: 日报{n}\nimage_widths: [{16 + n % 40}, 96]\n")
    elif edit == "edit_css":
        css = root / "assets" / "style.css"
        if css.exists():
            css.write_text(css.read_text() + f"\n/* {n} */\n")
    elif edit == "toggle_override":      # the paper's own file is added or removed: the theme's is used then
        own = root / rng.choice(["layouts/article.html", "layouts/_macros.html", "assets/style.css"])
        theme = REPO / own.parent.name / own.name
        if own.exists():
            own.unlink()
        else:
            own.write_text(theme.read_text() + (f"\n/* {n} */\n" if own.suffix == ".css" else f"\n<!-- {n} -->\n"))
    elif edit == "page_pdf":        # page 2 gets (another) PDF and an article without area: its region is found
        _page_pdf(content / rng.choice(sorted(p.name for p in content.iterdir()) or ["2024-11-25"]), n, rng)


def _page_pdf(edition, n: int, rng: random.Random) -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    import yaml
    words = ["river", "bridge", "school", "market", "winter", "garden", "clinic", "library"]
    title = f"Story {n} {rng.choice(words)}"
    body = [" ".join(rng.choice(words) for _ in range(8)) + f" {n}" for _ in range(3)]
    (edition / "02").mkdir(parents=True, exist_ok=True)
    (edition / "02" / f"pdf{n}.md").write_text(f"---\ntitle: {title}\n---\n\n" + " ".join(body) + "\n")
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(400, 600)
    font = raw.FPDFText_LoadStandardFont(doc.raw, b"Helvetica")
    top = rng.randint(100, 500)
    for k, (line, size) in enumerate([(title, 20.0)] + [(b, 10.0) for b in body]):
        obj = raw.FPDFPageObj_CreateTextObj(doc.raw, font, size)
        codes = [ord(c) for c in line] + [0]
        raw.FPDFText_SetText(obj, (ctypes.c_ushort * len(codes))(*codes))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 30, top - 26 * (k > 0) - 13 * k)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    doc.save(edition / "p02.pdf")
    spec_path = edition / "edition.yaml"
    spec = (yaml.safe_load(spec_path.read_text()) if spec_path.exists() else None) or {}
    pages = spec.setdefault("pages", {}) or {}
    spec["pages"] = pages
    page2 = pages.get(2)
    pages[2] = {**(page2 if isinstance(page2, dict) else {"name": page2 or "要闻"}), "pdf": "p02.pdf"}
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True))


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _settle(root, step: int, t0: float) -> None:
    """Give files saved in this step their own mtime far enough in the past to be trusted by the next
    build, so the property also exercises the stat cache (unchanged files are not read again)."""
    now = time.time()
    for path in root.glob("[!.p]*/**/*"):       # the inputs: not .cache, public/ or its generations
        if path.is_file() and path.stat().st_mtime > now - 60:
            os.utime(path, (t0 + step, t0 + step))


def _fresh_copy(paper, tmp_path_factory) -> Path:
    """The fixture's paper as it was written, for one example: Hypothesis runs every example with the same
    fixture, and edits carried over from the examples before (all articles deleted, say) would make a
    failure depend on their order, and the search test's paper run out of articles to index."""
    root = tmp_path_factory.mktemp("example") / "paper"
    shutil.copytree(paper.root, root, symlinks=True)
    return root


def _disturb(root, start: str, rng: random.Random, tmp_path_factory):
    """The paper's folder as the next build finds it; returns the folder (a copy for "copied")."""
    if start == "copied":       # restored from a backup, or moved: with its .cache and its public/
        copy = tmp_path_factory.mktemp("copied") / "paper"
        shutil.copytree(root, copy, symlinks=True)
        return copy
    if start == "no_cache":     # a CI cache miss
        shutil.rmtree(root / ".cache", ignore_errors=True)
    elif start == "planted":    # files the content does not make, some named like files it made before
        public = root / "public"
        folders = sorted(p for p in public.rglob("*") if p.is_dir()) or [public]
        for i in range(3):
            (rng.choice(folders) / f"planted{i}.html").write_text("planted")
        # Files planted, not published files written through (that would change the file the site shows:
        # telling it needs the content of every file read, and no build does that).
        old = public / "2024-11-25/02/beta.html"
        if not old.exists():
            old.parent.mkdir(parents=True, exist_ok=True)
            old.write_text("an old copy of a pulled story")
    return root


@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.sampled_from(STARTS)), min_size=1, max_size=5),
       seed=st.integers(0, 10_000), kept=st.booleans(), apart=st.booleans())
def test_incremental_build_equals_clean_build(small_paper, tmp_path_factory, monkeypatch, edits, seed, kept, apart):
    """`kept`: the state stays in memory between builds into a folder of their own, as the preview server
    keeps it (and with it the editions the model did not assemble again); otherwise each build reads it
    from .cache/state, and before it the paper's folder may have been copied elsewhere, lost its .cache,
    had files planted in public/, or the build is a --clean one.  `apart`: content/ is walked and the
    site's folders looked at on both cores, and content/ read and assembled a round of
    editions at a time, as a large archive's are."""
    from epaper.engine import incremental, quick
    monkeypatch.undo()
    if apart:
        monkeypatch.setattr(quick, "WALK_APART_FROM", 2)
        monkeypatch.setattr(quick, "STAMPS_APART_FROM", 2)
        monkeypatch.setattr(incremental, "EDITIONS_A_ROUND", 1)
    rng = random.Random(seed)
    t0 = time.time() - 3600
    root = _fresh_copy(small_paper, tmp_path_factory)
    state, out = (BuildState(), tmp_path_factory.mktemp("kept")) if kept else (None, None)
    (root / "site.yaml").write_text("name: 日报\nimage_widths: [32, 96]\n")
    _settle(root, 0, t0)
    build(root, BuildOptions(jobs=1, out=out), state=state)
    for step, (edit, start) in enumerate(edits, 1):
        if not kept:
            root = _disturb(root, start, rng, tmp_path_factory)
        _apply(root, edit, rng)
        _settle(root, step, t0)
        build(root, BuildOptions(jobs=1, out=out, clean=start == "clean" and not kept), state=state)
        clean_out = tmp_path_factory.mktemp("clean")
        build(root, BuildOptions(jobs=1, out=clean_out, clean=True))
        incremental, clean = _files(out or root / "public"), _files(clean_out)
        assert incremental.keys() == clean.keys(), (edit, set(incremental) ^ set(clean))
        assert incremental == clean, (edit, [k for k in incremental if incremental[k] != clean[k]])


def test_builds_are_reproducible(small_paper, tmp_path):
    (small_paper.root / "content/2024-11-25/01/p.png").parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (300, 200), (120, 60, 30)).save(small_paper.root / "content/2024-11-25/01/p.png")
    small_paper.article("2024-11-25/01/photo.md", "title: 图片新闻\nimages: [{file: p.png, caption: 说明, credit: 摄影甲}]")
    first, second = tmp_path / "one", tmp_path / "two"
    build(small_paper.root, BuildOptions(jobs=1, out=first))
    shutil.rmtree(small_paper.root / ".cache")
    build(small_paper.root, BuildOptions(jobs=1, out=second))

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert tree(first) == tree(second)
    assert any(name.endswith(".webp") for name in tree(first))


def test_no_change_rebuild_answers_without_loading_content(small_paper, monkeypatch):
    small_paper.age()
    small_paper.build()
    import epaper.engine.incremental
    monkeypatch.setattr(epaper.engine.incremental, "scan_rounds", lambda *a: (_ for _ in ()).throw(AssertionError("loaded")))
    report = small_paper.build()
    assert (report.written, report.articles) == (0, 6)
    (small_paper.root / "layouts/page.html").write_text((small_paper.root / "layouts/page.html").read_text() + "\n")
    small_paper.age()
    monkeypatch.undo()
    assert small_paper.build().written > 0          # a layout edit is a change


def test_a_kept_state_assembles_only_the_editions_that_changed(small_paper, tmp_path, monkeypatch):
    """The preview server keeps its state between builds, and with it the edition models."""
    small_paper.article("2024-11-26/01/x.md", "title: 新一期")
    small_paper.age()
    state, options = BuildState(), BuildOptions(jobs=1, out=tmp_path / "preview")
    build(small_paper.root, options, state=state)
    assembled = _count_assembled(monkeypatch)
    small_paper.article("2024-11-26/01/x.md", "title: 改过的新一期")
    build(small_paper.root, options, state=state)
    assert assembled == ["2024-11-26"]
    assert "改过的新一期" in (tmp_path / "preview/2024-11-26/01/x.html").read_text(encoding="utf-8")
    assembled.clear()
    small_paper.build()                 # the command line: a state of its own, read from .cache/state
    assert sorted(assembled) == ["2024-11-24", "2024-11-25", "2024-11-26"]


def test_undoing_a_just_saved_change_is_not_mistaken_for_no_change(small_paper):
    small_paper.age()
    small_paper.build()                                             # signed: all files are old
    small_paper.article("2024-11-25/02/gamma.md", "title: 刚存的稿子")  # saved just now: cannot be signed
    small_paper.build()
    assert "刚存的稿子" in small_paper.read("2024-11-25/02/index.html")
    (small_paper.root / "content/2024-11-25/02/gamma.md").unlink()  # back to what the first build signed
    report = small_paper.build()
    assert "2024-11-25/02/gamma.html" in report.changed
    assert "刚存的稿子" not in small_paper.read("2024-11-25/02/index.html")


def _fresh(paper) -> list:
    """The content files and folders saved in the last 5 s (to backdate them alone, so that the others
    keep the mtimes the last build saw)."""
    return [p for p in (paper.root / "content").rglob("*") if p.stat().st_mtime > time.time() - 5] + [paper.root / "content"]


def _count_assembled(monkeypatch) -> list[str]:
    """The dates of the editions the model assembles from their records from now on."""
    import epaper.engine.incremental
    assembled = []
    real = epaper.engine.incremental.build_edition
    monkeypatch.setattr(epaper.engine.incremental, "build_edition", lambda _c, record, *a: assembled.append(record.date) or real(_c, record, *a))
    return assembled


def test_a_rebuild_takes_unchanged_editions_as_saved_without_reading_them(small_paper, monkeypatch):
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-26/01/x.md", "title: 新的一期")
    small_paper.age(paths=_fresh(small_paper))
    assembled = _count_assembled(monkeypatch)
    import epaper.content.source
    read = []
    real = epaper.content.source._read_record
    monkeypatch.setattr(epaper.content.source, "_read_record", lambda path, rel, parse: read.append(rel) or real(path, rel, parse))
    report = small_paper.build()
    assert assembled == ["2024-11-26"] and read == ["2024-11-26/01/x.md"]
    assert report.articles == 7
    # The edition before it, taken as saved, is rendered again with its new neighbour.
    assert "2024-11-26/01/index.html" in small_paper.read("2024-11-25/01/index.html")
    small_paper.article("2024-11-25/02/beta.md", "title: 改过的二版乙")     # one file of a saved edition
    small_paper.age(paths=_fresh(small_paper))
    assembled.clear()
    read.clear()
    small_paper.build()
    # The records of its other files, let go of while the build before rendered, are read from the cache.
    assert assembled == ["2024-11-25"] and read == ["2024-11-25/02/beta.md"]
    assert "改过的二版乙" in small_paper.read("2024-11-25/02/index.html")


def test_editions_assembled_again_into_the_same_pages_are_saved_again(small_paper, monkeypatch):
    """A photo added to a folder (not shown yet) changes that folder: the edition it is in, and another
    whose article shows a photo from there, are assembled again, into the same pages.  Nothing is written,
    yet both are saved anew, so the next build takes them as saved."""
    folder = small_paper.root / "content/2024-11-25/01"
    Image.new("RGB", (300, 200), (120, 60, 30)).save(folder / "shared.png")
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻\nimages: [{file: ../../2024-11-25/01/shared.png}]")
    small_paper.age()
    small_paper.build()
    Image.new("RGB", (300, 200), (30, 60, 120)).save(folder / "for-tomorrow.png")
    small_paper.age(paths=_fresh(small_paper))
    assembled = _count_assembled(monkeypatch)
    assert small_paper.build().written == 0 and sorted(assembled) == ["2024-11-24", "2024-11-25"]
    small_paper.article("2024-11-26/01/x.md", "title: 新的一期")
    small_paper.age(paths=_fresh(small_paper))
    assembled.clear()
    small_paper.build()
    assert assembled == ["2024-11-26"]


def test_the_records_of_an_edition_not_published_yet_are_kept_for_the_next_build(small_paper, monkeypatch):
    """An edition dated after today is read (and checked) but not published: its files' records, let go
    of while the build renders, are still kept, and the next build does not read its files again."""
    small_paper.article("2099-01-01/01/later.md", "title: 明天见报")
    small_paper.age()
    small_paper.build()
    small_paper.article("2024-11-25/02/beta.md", "title: 改过的二版乙")
    small_paper.age(paths=_fresh(small_paper))
    import epaper.content.source
    read = []
    real = epaper.content.source._read_record
    monkeypatch.setattr(epaper.content.source, "_read_record", lambda path, rel, parse: read.append(rel) or real(path, rel, parse))
    small_paper.build()
    assert read == ["2024-11-25/02/beta.md"]
    assert not (small_paper.public / "2099-01-01").exists()


def test_an_edition_with_a_file_saved_just_now_is_read_again_after_an_edit_of_the_same_size(small_paper):
    """Within the mtime's tick, an edit may keep size and mtime: such an edition is not taken as saved."""
    small_paper.age()
    path = small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲")
    small_paper.build()
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("二版甲", "二版丙"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    small_paper.build()
    assert "二版丙" in small_paper.read("2024-11-25/02/alpha.html")


def test_a_saved_edition_is_assembled_again_when_site_yaml_or_drafts_change(small_paper, monkeypatch):
    small_paper.age()
    small_paper.build()
    assembled = _count_assembled(monkeypatch)
    small_paper.build(drafts=True)
    assert sorted(assembled) == ["2024-11-24", "2024-11-25"]
    assembled.clear()
    site_yaml = small_paper.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "\nname: 改名日报\n", encoding="utf-8")
    small_paper.age(paths=[site_yaml])
    small_paper.build()
    assert sorted(assembled) == ["2024-11-24", "2024-11-25"]


def test_a_photo_removed_from_another_editions_folder_is_noticed(small_paper):
    Image.new("RGB", (300, 200), (120, 60, 30)).save(small_paper.root / "content/2024-11-25/01/shared.png")
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻\nimages: [{file: ../../2024-11-25/01/shared.png}]")
    small_paper.age()
    small_paper.build()
    (small_paper.root / "content/2024-11-25/01/shared.png").unlink()
    small_paper.age(paths=_fresh(small_paper))
    error = small_paper.build_fails()
    # The model's check, with the line that names the photo (not a failure to read it, later).
    assert [(p.path, p.line) for p in error.problems if "'../../2024-11-25/01/shared.png' does not exist" in p.message] \
        == [("content/2024-11-24/01/old-news.md", 3)]


def test_warnings_of_editions_taken_as_saved_are_still_reported(small_paper):
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻\ncolour: red")
    small_paper.age()
    first = small_paper.build().warnings
    small_paper.article("2024-11-26/01/x.md", "title: 新的一期")
    small_paper.age(paths=_fresh(small_paper))
    again = small_paper.build().warnings
    assert any("colour" in p.message for p in first)
    assert again == first


def test_the_saved_state_forgets_an_edition_removed_unread(small_paper):
    """An edition taken as saved is never unpacked; once its folder is gone, its records and model go too."""
    from epaper.engine.builddb import load_state
    small_paper.age()
    small_paper.build()
    shutil.rmtree(small_paper.root / "content/2024-11-24")
    small_paper.age(paths=[small_paper.root / "content"])
    assert small_paper.build().editions == 1
    [state_file] = (small_paper.root / ".cache/state").glob("*.pickle")
    state = load_state(state_file)
    state.settle()
    assert (set(state.shards), set(state.saved)) == ({"2024-11-25"}, {"2024-11-25"})
    assert not any(p.startswith("2024-11-24/") for p in state.outputs)


SEARCH_EDITS = ["add_article", "edit_body", "edit_title", "delete_article", "rename_article", "add_edition",
                "delete_edition", "rename_page", "edit_layout"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(SEARCH_EDITS), min_size=1, max_size=3), seed=st.integers(0, 10_000),
       kept=st.booleans())
def test_incremental_search_index_equals_clean_build(small_paper, tmp_path_factory, edits, seed, kept):
    """The same property with the search index (a part every ten days: an edition in early October, two
    in late November, and `add_edition` starts one of December's), fewer examples: Pagefind takes a
    second a part."""
    rng = random.Random(seed)
    t0 = time.time() - 3600
    small_paper.article("2024-10-08/01/october.md", "title: 十月的消息", "十月正文。\n")
    root = _fresh_copy(small_paper, tmp_path_factory)
    state, out = (BuildState(), tmp_path_factory.mktemp("kept")) if kept else (None, root / "public")
    _settle(root, 0, t0)
    build(root, BuildOptions(jobs=1, out=out, search=True), state=state)
    for step, edit in enumerate(edits, 1):
        _apply(root, edit, rng)
        _settle(root, step, t0)
        build(root, BuildOptions(jobs=1, out=out, search=True), state=state)
        clean_out = tmp_path_factory.mktemp("clean")
        build(root, BuildOptions(jobs=1, out=clean_out, clean=True, search=True))
        incremental, clean = _files(out), _files(clean_out)
        # The index is really there to compare (three deletions can leave no article to index)
        assert any(p.startswith("pagefind/") and p.endswith(".pf_filter") for p in clean) or not _articles(root)
        assert incremental.keys() == clean.keys(), (edit, set(incremental) ^ set(clean))
        assert incremental == clean, (edit, [k for k in incremental if incremental[k] != clean[k]])


def test_a_big_edition_is_saved_and_taken_as_saved(paper):
    """A weekend edition of 48 pages and 600 articles: saved whole for the next build (its articles' chain
    of 上一篇/下一篇 must not be pickled link by link), and the next build links it again."""
    paper.write("content/2024-11-25/edition.yaml", "pages:\n" + "".join(f"  {n}: 版{n}\n" for n in range(1, 49)))
    for n in range(600):
        paper.article(f"2024-11-25/{n % 48 + 1:02d}/a{n:03d}.md", f"title: 稿件{n}\norder: {n // 48 + 1}")
    paper.article("2024-11-24/01/old.md", "title: 前一期")
    paper.age()
    assert build(paper.root, BuildOptions(jobs=1)).articles == 601
    paper.article("2024-11-24/01/old.md", "title: 前一期改")      # the big edition is taken as saved
    paper.age(paths=[paper.root / "content/2024-11-24/01/old.md"])
    build(paper.root, BuildOptions(jobs=1))
    page = paper.read("2024-11-25/01/a048.html")
    assert 'rel="prev" href="../../2024-11-25/01/a000.html"' in page      # 上一篇 / 下一篇 linked again
    assert 'rel="next" href="../../2024-11-25/01/a096.html"' in page


def test_a_damaged_record_file_of_the_saved_state_only_means_its_edition_is_read_again(small_paper):
    """Each edition folder's records are saved in a file of their own, read only when the edition is read
    again: one planted or cut short is not believed, and the edition's files are read instead."""
    small_paper.age()
    small_paper.build()
    shards = list((small_paper.root / ".cache/state").glob("*.shards/2024-11-24.*"))
    assert shards
    for shard in shards:
        shard.write_bytes(shard.read_bytes()[:-5])
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻改\nauthors: 记者甲")
    small_paper.age(paths=_fresh(small_paper))
    small_paper.build()
    assert "昨天的新闻改" in small_paper.read("2024-11-24/01/old-news.html")
    assert not any(shard.exists() for shard in shards)          # replaced by the records read now


def _damaged(blob: bytes) -> bytes:
    """`blob` with its first byte (of its MAC) changed: set to a constant instead, one file in 256 stays as
    it was, and the test that damaged it fails for no reason."""
    return bytes([blob[0] ^ 0xFF]) + blob[1:]


def test_a_damaged_saved_edition_is_assembled_again(small_paper):
    """An edition saved whole is in a file of its own: one that is damaged is not believed, and the edition
    is assembled from its files as if it had never been saved."""
    small_paper.age()
    small_paper.build()
    models = list((small_paper.root / ".cache/state").glob("*.shards/2024-11-24.model.*"))
    assert models
    damaged = {}
    for model in models:
        damaged[model] = _damaged(model.read_bytes())
        model.write_bytes(damaged[model])
    small_paper.article("2024-11-25/01/later.md", "title: 新到的稿件")       # the other edition changes
    small_paper.age(paths=_fresh(small_paper))
    assert small_paper.build().editions == 2
    assert "昨天的新闻" in small_paper.read("2024-11-24/01/old-news.html")
    assert all(model.read_bytes() != damaged[model] for model in models)      # saved again, whole


def _year_files(paper) -> dict[str, tuple[str, int]]:
    """{year: (its file of saved editions, that file's inode)}"""
    found = (paper.root / ".cache/state").glob("*.shards/saved-*")
    return {p.name.split(".")[0].removeprefix("saved-"): (p.name, p.stat().st_ino) for p in found}


def test_a_new_edition_writes_only_its_own_years_saved_editions_again(small_paper, monkeypatch):
    """The editions saved whole are kept in a file a year: tonight's edition rewrites this year's file,
    and last year's is left as it was (not read into a new file, not rewritten)."""
    small_paper.article("2023-12-30/01/last-year.md", "title: 去年的消息\nauthors: 记者甲")
    small_paper.age()
    small_paper.build()
    before = _year_files(small_paper)
    assert set(before) == {"2023", "2024"}
    small_paper.article("2024-11-26/01/x.md", "title: 新的一期\nauthors: 记者甲")
    small_paper.age(paths=_fresh(small_paper))
    assembled = _count_assembled(monkeypatch)
    assert small_paper.build().editions == 4
    after = _year_files(small_paper)
    assert assembled == ["2024-11-26"]
    assert after["2023"] == before["2023"]
    assert after["2024"][0] != before["2024"][0]
    assert len(list((small_paper.root / ".cache/state").glob("*.shards/saved-*"))) == 2     # the old one deleted


def test_a_damaged_year_of_saved_editions_means_its_editions_are_assembled_again(small_paper, monkeypatch, tmp_path):
    """A year's file of saved editions that is damaged is not believed: that year's editions are assembled
    from their files, the other years' are taken as saved, and the site is what a clean build makes."""
    small_paper.article("2023-12-30/01/last-year.md", "title: 去年的消息\nauthors: 记者甲")
    small_paper.age()
    small_paper.build()
    [(name, _)] = [v for year, v in _year_files(small_paper).items() if year == "2023"]
    [year_file] = (small_paper.root / ".cache/state").glob(f"*.shards/{name}")
    year_file.write_bytes(_damaged(year_file.read_bytes()))
    small_paper.article("2024-11-25/01/later.md", "title: 新到的稿件")
    small_paper.age(paths=_fresh(small_paper))
    assembled = _count_assembled(monkeypatch)
    small_paper.build()
    assert sorted(assembled) == ["2023-12-30", "2024-11-25"]
    assert "去年的消息" in small_paper.read("2023-12-30/01/last-year.html")
    assert set(_year_files(small_paper)) == {"2023", "2024"}          # saved again
    build(small_paper.root, BuildOptions(jobs=1, out=tmp_path / "clean", clean=True))
    assert _files(small_paper.public) == _files(tmp_path / "clean")


def test_a_state_whose_other_records_cannot_be_read_still_takes_down_a_pulled_story(small_paper, monkeypatch, tmp_path):
    """The record of the output files is read first, the rest of the state after it (BuildState.settle):
    when the rest cannot be read, every edition is assembled again from its files, and a story pulled
    meanwhile goes, as in a clean build."""
    from epaper.engine import builddb
    small_paper.age()
    small_paper.build()
    monkeypatch.setattr(builddb, "_read_years", lambda *a: (_ for _ in ()).throw(ValueError("another version's")))
    (small_paper.root / "content/2024-11-25/02/alpha.md").unlink()
    small_paper.age(paths=_fresh(small_paper))
    assembled = _count_assembled(monkeypatch)
    small_paper.build()
    assert sorted(assembled) == ["2024-11-24", "2024-11-25"]
    assert not (small_paper.public / "2024-11-25/02/alpha.html").exists()
    build(small_paper.root, BuildOptions(jobs=1, out=tmp_path / "clean", clean=True))
    assert _files(small_paper.public) == _files(tmp_path / "clean")


def test_a_saved_edition_damaged_after_it_was_found_is_read_again_and_the_build_goes_on(small_paper, monkeypatch,
                                                                                         tmp_path):
    """An edition taken as saved has its pages read from its file only when they are asked for (here: an
    index it is in changes).  A file damaged by then is not believed: the build starts again, once, reads
    every saved edition before taking it, and publishes what a clean build would."""
    from epaper.engine import builddb, pipeline
    small_paper.age()
    small_paper.build()
    [model] = (small_paper.root / ".cache/state").glob("*.shards/2024-11-24.model.*")
    real_present = builddb.SavedEdition.present

    def damaged_once_found(saved):
        found = real_present(saved)
        if saved.name == model.name and model.exists():      # damaged between the check and the reading
            model.write_bytes(_damaged(model.read_bytes()))
        return found
    monkeypatch.setattr(builddb.SavedEdition, "present", damaged_once_found)
    attempts = []
    real_build = pipeline._build_alone
    monkeypatch.setattr(pipeline, "_build_alone", lambda *a, **k: attempts.append(k) or real_build(*a, **k))
    small_paper.article("2024-11-25/01/later.md", "title: 新到的稿件\nauthors: 记者甲")   # 记者甲 wrote in both
    small_paper.age(paths=_fresh(small_paper))
    small_paper.build()
    assert attempts == [{}, {"verify_saved": True}]
    build(small_paper.root, BuildOptions(jobs=1, out=tmp_path / "clean", clean=True))
    assert _files(small_paper.public) == _files(tmp_path / "clean")


def _count_read(monkeypatch, what: str = "load") -> list[str]:
    """The dates of the saved editions whose pages (`what`: or the heads of their files) are read from
    their files from now on."""
    from epaper.engine import builddb
    read, real = [], getattr(builddb.SavedEdition, what)

    def load(saved):
        if what == "head" or saved.loaded is None:
            read.append(saved.name.partition(".")[0])
        return real(saved)
    monkeypatch.setattr(builddb.SavedEdition, what, load)
    return read


def test_an_added_edition_reads_only_the_saved_editions_whose_pages_are_made_again(small_paper, monkeypatch):
    """Tonight's edition reads, of the archive, only the edition before it (its 后一期 link changes), and
    itself from the file this build saved it in; an index page made again reads only what it shows of the
    older articles, from the heads of their editions' files, and still shows them."""
    from epaper.render import feeds
    # A section feed reads back until it is full: one item each here, as an archive's fill in a few days.
    monkeypatch.setattr(feeds, "FEED_ITEMS", 1)
    small_paper.age()
    small_paper.build()
    small_paper.build()                 # now both editions are taken as saved
    read, heads = _count_read(monkeypatch), _count_read(monkeypatch, "head")
    small_paper.article("2024-11-26/01/new.md", "title: 新的一期\nauthors: 记者乙")
    small_paper.age(paths=_fresh(small_paper))
    small_paper.build()
    assert sorted(read) == ["2024-11-25", "2024-11-26"]
    read.clear()
    small_paper.article("2024-11-27/01/newer.md", "title: 又一期\nauthors: 记者甲")     # 记者甲 wrote on 24 November
    small_paper.age(paths=_fresh(small_paper))
    small_paper.build()
    assert "2024-11-24" in heads and "2024-11-24" not in read       # for the page of 记者甲's index, made again
    from epaper.model import index_url, person
    listed = small_paper.read(index_url("authors", person("记者甲")))
    assert "又一期" in listed and "昨天的新闻" in listed


def test_a_first_build_makes_each_edition_from_the_file_it_saved_it_in(small_paper, monkeypatch):
    """A build that assembles the whole archive (the first, or after an upgrade) lets go of each edition's
    articles once its file is saved, and makes its pages and index pages from that file (in the worker that
    makes them): it does not hold ten years of articles while it renders."""
    small_paper.age()
    read = _count_read(monkeypatch)
    small_paper.build()
    assert sorted(read) == ["2024-11-24", "2024-11-25"]
    assert "头条新闻" in small_paper.read("2024-11-25/01/lead-story.html")
    from epaper.model import index_url, person
    assert "昨天的新闻" in small_paper.read(index_url("authors", person("记者甲")))


def test_index_pages_listing_more_editions_than_they_keep_at_hand_are_made_the_same(small_paper, monkeypatch, tmp_path):
    """The index pages keep what only the last few editions they read list: an index listing more
    editions than that reads them again, and its pages come out as when all are kept."""
    from epaper.render import indexes
    small_paper.article("2024-11-24/01/more.md", "title: 又一篇旧闻\nauthors: 记者乙")
    small_paper.article("2024-11-25/02/gamma.md", "title: 二版丙\nauthors: 记者甲")
    small_paper.age()
    build(small_paper.root, BuildOptions(jobs=1, out=tmp_path / "all-kept"))
    monkeypatch.setattr(indexes, "_LISTED_KEPT", 1)
    small_paper.build()
    assert _files(small_paper.public) == _files(tmp_path / "all-kept")
    from epaper.model import index_url, person
    listed = small_paper.read(index_url("authors", person("记者甲")))
    assert "昨天的新闻" in listed and "二版丙" in listed


def test_a_large_archive_walked_on_both_cores_finds_every_change_and_takes_the_rest_as_saved(small_paper, monkeypatch):
    """From many editions, the later half of content/ is walked by a forked process: the editions it signs
    are still taken as saved, and a change there or in the other half is still found."""
    from epaper.engine import quick
    monkeypatch.setattr(quick, "WALK_APART_FROM", 2)        # of the two editions, 2024-11-25 is walked apart
    small_paper.age()
    small_paper.build()
    assert small_paper.build().written == 0                 # nothing changed: answered without a build
    assembled = _count_assembled(monkeypatch)
    for rel, title in [("2024-11-25/02/beta.md", "后半改过"), ("2024-11-24/01/old-news.md", "前半改过")]:
        small_paper.article(rel, f"title: {title}")
        small_paper.age(paths=_fresh(small_paper))
        assembled.clear()
        small_paper.build()
        assert assembled == [rel[:10]]                      # the other edition, signed by the other process, as saved
        assert title in small_paper.read(rel.replace(".md", ".html"))
        assert small_paper.build().written == 0
    (small_paper.root / "content/2024-11-25/02/alpha.md").unlink()        # a story pulled from the later half
    small_paper.age(paths=_fresh(small_paper))
    small_paper.build()
    assert not (small_paper.public / "2024-11-25/02/alpha.html").exists()


def test_a_file_removed_from_a_folder_looked_at_by_the_other_core_is_made_again(small_paper, monkeypatch):
    """From many folders in the site shown, the later half of their stamps is looked at by a forked
    process: a file removed there, its folder's mtime even set back, is still noticed and made again."""
    from epaper.engine import folderstamps, quick
    monkeypatch.setattr(folderstamps, "SETTLED_NS", 0)
    monkeypatch.setattr(quick, "STAMPS_APART_FROM", 2)
    small_paper.age()
    small_paper.build()
    assert small_paper.build().written == 0
    folders = folderstamps.shown_record(next((small_paper.root / ".cache/state").glob("*.folders")))[1].table()
    inside = next(folder for folder in reversed(folders) if folders[folder] and any(
        p.is_file() for p in (small_paper.public / folder).iterdir()))       # in the half looked at apart
    gone = next(p for p in sorted((small_paper.public / inside).iterdir()) if p.is_file())
    before, st = gone.read_bytes(), gone.parent.stat()
    gone.unlink()
    os.utime(gone.parent, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert small_paper.build().written == 1
    assert gone.read_bytes() == before


def test_a_night_whose_build_failed_leaves_no_saved_edition_behind_once_a_build_succeeds(small_paper):
    """Each edition assembled is saved into the cache at once (an archive's would not fit in memory until
    the end); when the build then fails, in a layout here, and the desk edits an article before the next
    build succeeds, the cache keeps one saved file per edition, the one that build names."""
    layout = small_paper.root / "layouts/article.html"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("{{ article.title }}", "{{ article.titel.x }}", 1), encoding="utf-8")
    small_paper.age()
    small_paper.build_fails()
    saved = lambda: sorted(p.name.partition(".")[0] for p in (small_paper.root / ".cache").rglob("*.model.*"))
    assert saved() == ["2024-11-24", "2024-11-25"]      # saved before the layout failed
    layout.write_text(text, encoding="utf-8")
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻（更正）\nauthors: 记者甲")
    small_paper.age()
    small_paper.build()
    assert saved() == ["2024-11-24", "2024-11-25"]
    assert "昨天的新闻（更正）" in small_paper.read("2024-11-24/01/old-news.html")
    small_paper.build()          # taken as saved, from the files kept
    assert "昨天的新闻（更正）" in small_paper.read("2024-11-24/01/old-news.html")


def _records_alive_at_each_assembly(monkeypatch) -> dict[str, list[str]]:
    """{date: the dates of the editions assembled before it whose records are still in memory}, from now on."""
    import weakref
    import epaper.engine.incremental
    alive, seen = {}, []
    real = epaper.engine.incremental.build_edition

    def assemble(config, record, records, *rest):
        alive[record.date] = sorted({date for date, ref in seen if ref() is not None})
        seen.extend((record.date, weakref.ref(r)) for r in [record, *records])
        return real(config, record, records, *rest)
    monkeypatch.setattr(epaper.engine.incremental, "build_edition", assemble)
    return alive


@pytest.mark.parametrize("before", ["nothing", "an upgrade", "a setting changed"])
def test_a_build_reads_and_assembles_content_a_round_of_editions_at_a_time(small_paper, monkeypatch, tmp_path, before):
    """A build that assembles a whole archive (the first, the first after an upgrade, which reads every file
    again, or after a change of site.yaml, which takes the records of the last build's shards) reads and
    assembles a round of editions at a time, and lets go of each round's records before it reads the next:
    it never holds ten years of records.  Its site is the one a build in one round makes."""
    from epaper.engine import incremental
    small_paper.article("2024-11-26/01/x.md", "title: 第三期头条\nauthors: 记者甲")
    small_paper.age()
    if before != "nothing":
        small_paper.build()
    if before == "an upgrade":
        _upgraded(monkeypatch)
    if before == "a setting changed":
        (small_paper.root / "site.yaml").write_text("name: 日报\nimage_widths: [32, 96]\n")
        small_paper.age(paths=[small_paper.root / "site.yaml"])
    build(small_paper.root, BuildOptions(jobs=1, out=tmp_path / "one-round"))
    monkeypatch.setattr(incremental, "EDITIONS_A_ROUND", 1)
    alive = _records_alive_at_each_assembly(monkeypatch)
    from epaper.content import source
    parsed, parse = [], source.parse_article
    monkeypatch.setattr(source, "parse_article", lambda rel, text: parsed.append(rel) or parse(rel, text))
    small_paper.build()
    assert alive == {"2024-11-24": [], "2024-11-25": [], "2024-11-26": []}
    assert len(parsed) == (0 if before == "a setting changed" else 7)
    assert _files(small_paper.public) == _files(tmp_path / "one-round")
    from epaper.model import index_url, person
    listed = small_paper.read(index_url("authors", person("记者甲")))
    assert "昨天的新闻" in listed and "第三期头条" in listed


def test_problems_found_in_different_rounds_are_listed_together(small_paper, monkeypatch):
    from epaper.engine import incremental
    small_paper.age()
    small_paper.build()
    before = _files(small_paper.public)
    monkeypatch.setattr(incremental, "EDITIONS_A_ROUND", 1)
    small_paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻\nimages: [{file: gone.jpg}]")
    small_paper.article("2024-11-25/02/beta.md", "title: 二版乙\npage: x")
    error = small_paper.build_fails()
    assert sorted(p.path for p in error.problems if not p.warning) == [
        "content/2024-11-24/01/old-news.md", "content/2024-11-25/02/beta.md"]
    assert _files(small_paper.public) == before


def _upgraded(monkeypatch, parse_title=None) -> None:
    """From now on, builds run a later version of this program (its parser, when given, writes titles so)."""
    from epaper.content import source
    from epaper.engine import builddb, incremental, quick
    from epaper.render import render
    for module in builddb, incremental, quick, render:
        monkeypatch.setattr(module, "code_digest", lambda: "a later version")
    if parse_title:
        real = source.parse_article

        def parse(rel, text):
            record = real(rel, text)
            record.meta["title"] = parse_title(record.meta["title"])
            return record
        monkeypatch.setattr(source, "parse_article", parse)


def test_records_of_files_read_by_another_version_are_read_again(small_paper, monkeypatch):
    """A new version may read a file differently (a fixed parser, a new check): after an upgrade, no record
    the old version made of an unchanged file is taken."""
    small_paper.age()
    small_paper.build()
    assert "<title>昨天的新闻" in small_paper.read("2024-11-24/01/old-news.html")
    _upgraded(monkeypatch, lambda title: f"{title}（新版）")
    from epaper.engine import builddb
    verified, real = [], builddb.verified
    monkeypatch.setattr(builddb, "verified", lambda label, *a: verified.append(label) or real(label, *a))
    small_paper.build()
    assert "<title>昨天的新闻（新版）" in small_paper.read("2024-11-24/01/old-news.html")
    assert "头条新闻（新版）" in small_paper.read("2024-11-25/01/lead-story.html")
    # The old version's shards were told by their first line: none was read whole to be checked.
    assert not [label for label in verified if re.fullmatch(r"state/shards/\d{4}-\d\d-\d\d\.[0-9a-f]{16}", label)]
