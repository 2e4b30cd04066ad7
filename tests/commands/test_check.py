"""`python build.py check` without a build: the content loaded (no image converted) and every file rendered
in memory through the paper's layouts, checked one at a time; nothing written to public/ or .cache/images."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from PIL import Image

from epaper.commands.cli import main
from epaper.core.errors import Problems
from epaper.engine.pipeline import BuildOptions, load
from epaper.engine.builddb import BuildState

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif"}


def photographed(paper) -> None:
    """The small paper's lead story with two photos: one a PNG, one a JPEG its camera says to turn upright."""
    folder = paper.root / "content/2024-11-25/01"
    Image.new("RGB", (900, 500), (30, 90, 160)).save(folder / "bridge.png")
    exif = Image.Exif()
    exif[0x0112] = 6                                    # stored 800x600, shown 600x800
    Image.new("RGB", (800, 600), (200, 40, 40)).save(folder / "tower.jpg", exif=exif.tobytes())
    paper.article("2024-11-25/01/lead-story.md", """
        title: 头条新闻
        order: 1
        images:
          - {file: bridge.png, caption: 大桥}
          - {file: tower.jpg, caption: 塔吊}
    """, "导语段落。\n\n![现场](tower.jpg)\n")


def image_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}


def test_check_content_only_converts_no_image_and_writes_no_site(small_paper, capsys):
    photographed(small_paper)
    sources = image_files(small_paper.root)
    assert main(["check", "--content-only", "--root", str(small_paper.root)]) == 0, capsys.readouterr().err
    assert image_files(small_paper.root) == sources
    assert not (small_paper.root / ".cache/images").exists()
    assert not small_paper.public.exists() and not (small_paper.root / ".cache/state").exists()


def test_the_page_check_renders_in_memory_is_the_page_build_writes(small_paper):
    """Sizes read from the photos' headers (no .cache) give the same srcset, widths and heights as converting."""
    photographed(small_paper)
    fresh, rendered = built_and_rendered_in_a_copy(small_paper)
    assert not (fresh / ".cache/images").exists()
    story = rendered["2024-11-25/01/lead-story.html"]
    assert 'width="600" height="800"' in story and ".480.webp 480w" in story      # upright, as converted
    built = {path: small_paper.read(path) for path in rendered}
    assert [p for p in rendered if rendered[p] != built[p]] == []


def test_check_content_only_reports_a_layout_error_with_its_file_and_line(small_paper, capsys):
    layouts = small_paper.root / "layouts"
    article = (layouts / "article.html").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(article) if line.startswith("{% block head %}")) + 1
    article.insert(at, "{{ no_such_variable }}\n")
    (layouts / "article.html").write_text("".join(article), encoding="utf-8")
    (layouts / "archive.html").write_text('{% include "no-such-part.html" %}\n', encoding="utf-8")
    assert main(["check", "--content-only", "--root", str(small_paper.root)]) == 1
    err = capsys.readouterr().err
    assert f"layouts/article.html:{at + 1}: error: the layout failed: 'no_such_variable' is undefined (while making " \
           in err, err
    assert "layouts/archive.html:1: error: the layout failed: " in err and "no-such-part.html" in err, err
    assert err.rstrip().endswith("Check failed: 2 error(s).")
    assert not small_paper.public.exists()


def test_check_reports_an_articles_link_to_a_page_the_site_does_not_have_without_a_build(small_paper, capsys):
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲",
                        "见[头条](../01/lead-story.html)和[旧文](../01/missing.html)。\n")
    assert main(["check", "--content-only", "--root", str(small_paper.root)]) == 1
    err = capsys.readouterr().err
    assert "content/2024-11-25/02/alpha.md:5: error: broken link: ../01/missing.html " \
           "(in public/2024-11-25/02/alpha.html: a build makes no such file)" in err, err
    assert "lead-story" not in err and err.rstrip().endswith("Check failed: 1 error(s).")
    assert not small_paper.public.exists()
    # A plain check tells the content's problem first, not "there is no built site".
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 1
    assert "alpha.md:5: error: broken link" in capsys.readouterr().err


def test_the_demo_paper_rendered_in_memory_without_a_cache_is_the_built_demo_paper(demo, tmp_path):
    from epaper.engine.making import rendered_in_memory
    for name in ("content", "layouts", "assets", "site.yaml"):
        copy = shutil.copytree if (demo.parent / name).is_dir() else shutil.copy
        copy(demo.parent / name, tmp_path / name)
    options = BuildOptions(images=False)
    loaded = load(tmp_path, options, BuildState(), Problems())
    differ, count = [], 0
    for output, text in rendered_in_memory(loaded, options, Problems()):
        count += 1
        if (demo / output.path).read_text(encoding="utf-8") != text:
            differ.append(output.path)
    assert count > 150 and differ == []
    assert not (tmp_path / ".cache/images").exists()


def test_a_page_given_only_as_a_pdf_is_sized_as_the_build_renders_its_scan(paper):
    from conftest import REPO
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻, pdf: p01.pdf}\n")
    shutil.copy(REPO / "content/2026-11-25/scans/p01.pdf", paper.root / "content/2024-11-25/p01.pdf")
    paper.article("2024-11-25/01/story.md", "title: 头条")
    fresh, rendered = built_and_rendered_in_a_copy(paper)
    assert re.search(r'p01\.\w+\.\d+\.webp \d+w', rendered["2024-11-25/01/index.html"])     # the scan, sized
    assert not (fresh / ".cache/images").exists()
    assert [p for p in rendered if rendered[p] != paper.read(p)] == []


def built_and_rendered_in_a_copy(paper) -> tuple:
    """(the copy, {path: text}): the paper built, and a copy of it (no .cache) rendered in memory as check does."""
    from epaper.engine.making import rendered_in_memory
    fresh = paper.root.parent / "fresh"
    shutil.copytree(paper.root, fresh)
    paper.build()
    options = BuildOptions(images=False)
    loaded = load(fresh, options, BuildState(), Problems())
    return fresh, dict((o.path, text) for o, text in rendered_in_memory(loaded, options, Problems()))
