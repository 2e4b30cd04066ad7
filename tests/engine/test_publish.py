"""Publishing: a reader of public/ sees the old site or the new one, never a mix, whatever happens to the
build; one build of a paper at a time; a stopped or killed build leaves nothing behind."""
from __future__ import annotations

import datetime
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from epaper.engine.output import one_build_at_a_time
from epaper.engine.pipeline import BuildOptions, build

from conftest import REPO, Paper

CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def _digests(public: Path) -> dict[str, str]:
    return {p.relative_to(public).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
            for p in public.rglob("*") if p.is_file()}


def _run(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--no-search",
                             "--base-url", "https://paper.example.com/", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _corpus(folder: Path, editions: int, pages: int = 4, articles: int = 4) -> Path:
    root = folder / "paper"
    subprocess.run([sys.executable, str(CORPUS), str(root), "--editions", str(editions), "--pages", str(pages),
                    "--articles", str(articles), "--start", "2024-01-01"], check=True, capture_output=True)
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    return root


def _tiny_paper(folder: Path, editions: int, pages: int = 2, articles: int = 2) -> Path:
    """A paper of `editions` daily editions of one-line articles: many folders and pages, little to render."""
    root = folder / "paper"
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    (root / "site.yaml").write_text("name: 测试日报\nlanguage: zh-CN\n", encoding="utf-8")
    first = datetime.date(2024, 1, 1)
    for e in range(editions):
        day = (first + datetime.timedelta(days=e)).isoformat()
        for page in range(1, pages + 1):
            for n in range(1, articles + 1):
                path = root / "content" / day / f"{page:02d}" / f"a{n}.md"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"---\ntitle: 第{e + 1}期{page}版第{n}篇\n---\n\n短讯{e + 1}-{page}-{n}。\n",
                                encoding="utf-8")
    return root


def _age(root: Path) -> None:
    past = time.time() - 60
    for path in (root / "content").rglob("*"):
        os.utime(path, (past, past))


def test_public_is_a_link_to_one_whole_generation_and_the_one_before_is_the_next(small_paper):
    """Two generations: the one shown and the one shown before, which the next build brings up to date
    (by the last two builds' changes) and shows."""
    gens = small_paper.root / ".public-gens"
    small_paper.build()
    first = os.readlink(small_paper.public)
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    small_paper.build()
    second = os.readlink(small_paper.public)
    assert second != first and second.startswith(".public-gens/")
    assert sorted(p.name for p in gens.iterdir()) == sorted([first.split("/")[1], second.split("/")[1]])
    (small_paper.root / "content/2024-11-25/02/beta.md").unlink()
    small_paper.age()
    small_paper.build()
    assert os.readlink(small_paper.public) == first
    assert "二版甲改" in small_paper.read("2024-11-25/02/alpha.html")
    # The pulled story is in neither generation: not online, and not on the disk either.
    assert not list(gens.glob("*/2024-11-25/02/beta.html"))
    assert len(list(gens.iterdir())) == 2


def test_unchanged_files_are_shared_between_generations_but_never_with_the_cache(small_paper):
    from PIL import Image
    Image.new("RGB", (300, 200), (120, 60, 30)).save(small_paper.root / "content/2024-11-25/01/p.png")
    small_paper.article("2024-11-25/01/photo.md", "title: 图片新闻\nimages: [{file: p.png, caption: 说明}]")
    small_paper.build()
    page = small_paper.public / "2024-11-24/01/old-news.html"
    before = page.stat().st_ino
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    small_paper.build()
    assert page.stat().st_ino == before         # linked into the new generation, not written again
    cached = {p.stat().st_ino for p in (small_paper.root / ".cache").rglob("*") if p.is_file()}
    published = {p.stat().st_ino for p in small_paper.public.rglob("*") if p.is_file()}
    assert any(p.suffix in (".webp", ".jpg") for p in small_paper.public.rglob("*"))
    assert cached.isdisjoint(published)


def test_a_plain_public_folder_from_before_is_replaced_in_one_step(small_paper):
    (small_paper.public / "2024-11-25").mkdir(parents=True)
    (small_paper.public / "2024-11-25/stale.html").write_text("from an older generator")
    small_paper.build()
    assert small_paper.public.is_symlink()
    assert not (small_paper.public / "2024-11-25/stale.html").exists()
    assert (small_paper.public / "2024-11-25/02/alpha.html").exists()
    assert len(list((small_paper.root / ".public-gens").iterdir())) == 1


def test_out_folder_gets_its_generations_beside_it(small_paper, tmp_path):
    out = tmp_path / "www" / "paper"
    small_paper.build(out=out)
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    small_paper.build(out=out)
    assert out.is_symlink() and (out / "2024-11-25/02/alpha.html").exists()
    assert os.readlink(out).startswith(".paper-gens/")
    assert len(list((tmp_path / "www" / ".paper-gens").iterdir())) == 2     # shown, and the spare


def _immutable(path: Path, on: bool) -> bool:
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


def test_a_folder_that_cannot_be_written_fails_the_build_naming_public_and_leaves_it_whole(small_paper, tmp_path):
    out = tmp_path / "www" / "public"
    small_paper.build(out=out)
    before = _digests(out)
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    if not _immutable(out.parent, True):      # root may write anywhere: only an immutable folder stops it
        pytest.skip("chattr +i is not available here")
    try:
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(small_paper.root),
                               "--out", str(out), "--no-search"], capture_output=True, text=True, timeout=120)
    finally:
        _immutable(out.parent, False)
    assert done.returncode == 1
    assert f"error: {out}: cannot publish the new site into this folder" in done.stderr, done.stderr
    assert f"{out} was left as it was" in done.stderr
    assert _digests(out) == before
    assert len(list((out.parent / ".public-gens").iterdir())) == 1      # the half-made generation is gone


def test_a_read_only_folder_inside_public_does_not_stop_or_split_the_publish(small_paper):
    small_paper.build()
    folder = small_paper.public / "2024-11-25/02"
    if not _immutable(folder.resolve(), True):
        pytest.skip("chattr +i is not available here")
    old = small_paper.public.resolve()
    try:
        small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
        small_paper.article("2024-11-25/01/second.md", "title: 第二篇改\norder: 2")
        _age(small_paper.root)
        small_paper.build()
        # Both changed pages are new: the old folder was never written to.
        assert "二版甲改" in small_paper.read("2024-11-25/02/alpha.html")
        assert "第二篇改" in small_paper.read("2024-11-25/01/second.html")
        # The next build cannot bring that generation up to date: it makes a new one.
        small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲再改")
        _age(small_paper.root)
        small_paper.build()
        assert "二版甲再改" in small_paper.read("2024-11-25/02/alpha.html")
        assert small_paper.public.resolve() != old
    finally:
        _immutable(old / "2024-11-25/02", False)


def test_kill_9_at_any_instant_leaves_the_old_site_or_the_new_one(tmp_path):
    """A build of a 30-edition paper killed (-9) at a random instant, many times: public/ is always one
    whole site."""
    work = tmp_path / "work"
    work.mkdir()
    root = _tiny_paper(work, editions=30)
    assert _run(root).wait(timeout=300) == 0
    old = _digests(root / "public")
    # The change: an article edited, another deleted, an edition added.
    article = root / "content/2024-01-03/01/a1.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n新加的一段。\n", encoding="utf-8")
    (root / "content/2024-01-05/02/a2.md").unlink()
    shutil.copytree(root / "content/2024-01-30", root / "content/2024-01-31")
    _age(root)
    template = tmp_path / "template"
    shutil.copytree(root, template, symlinks=True)

    def restore():
        shutil.rmtree(root)
        shutil.copytree(template, root, symlinks=True)
    assert _run(root).wait(timeout=300) == 0
    new = _digests(root / "public")
    assert new != old
    restore()
    started = time.perf_counter()
    assert _run(root).wait(timeout=300) == 0
    took = time.perf_counter() - started
    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    for trial in range(20):
        restore()
        build_ = _run(root)
        # Half of the kills land anywhere in the build, half near its end, where the site is switched.
        time.sleep(rng.uniform(0.05, took) if trial % 2 else rng.uniform(0.7 * took, 1.05 * took))
        os.kill(build_.pid, signal.SIGKILL)
        build_.wait()
        now = _digests(root / "public")
        assert now in (old, new), sorted(set(now.items()) ^ set(old.items()))[:5]
        seen["old" if now == old else "new"] += 1
    # A build after the kill finishes the job and sweeps what the killed one left.
    assert _run(root).wait(timeout=300) == 0
    assert _digests(root / "public") == new
    assert len(list((root / ".public-gens").iterdir())) <= 2
    assert not [p for p in root.iterdir() if p.name.startswith(".public.")]     # no half-made link left
    print(seen)


def test_a_second_build_waits_for_the_first_and_says_who_holds_the_lock(small_paper):
    small_paper.build()
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    release = threading.Event()
    held = threading.Event()

    def hold():
        with one_build_at_a_time(small_paper.root / ".cache", lambda message: None):
            held.set()
            release.wait(60)
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    second = _run(small_paper.root)
    try:
        deadline = time.time() + 60
        line = ""
        while time.time() < deadline and "waiting" not in line:
            line = second.stderr.readline()
        assert f"waiting for process {os.getpid()}, which is building this paper" in line
        assert second.poll() is None
    finally:
        release.set()
        holder.join()
    assert second.wait(timeout=120) == 0
    assert "二版甲改" in small_paper.read("2024-11-25/02/alpha.html")


def test_two_builds_at_once_both_succeed(tmp_path):
    root = _corpus(tmp_path, editions=3)
    builds = [_run(root), _run(root)]
    assert [b.wait(timeout=300) for b in builds] == [0, 0], [b.stderr.read() for b in builds]
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, out=clean, clean=True, base_url="https://paper.example.com/"))
    assert _digests(root / "public") == _digests(clean)


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def test_sigterm_stops_the_workers_and_leaves_no_staging_folder(tmp_path):
    root = _corpus(tmp_path, editions=12, pages=6, articles=5)
    proc = _run(root, "--jobs", "2")
    workers: set[int] = set()
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)       # the rendering workers (or the linking one and one of them)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build did not start its workers"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143
    assert "Build stopped by SIGTERM; public/ was left as it was." in proc.stderr.read()
    time.sleep(0.5)
    assert [p for p in workers if _running(p)] == []
    gens = root / ".public-gens"
    assert not gens.exists() or list(gens.iterdir()) == []      # no generation, no scratch folder
    assert not (root / "public").exists()


def test_a_later_build_sweeps_what_killed_builds_left(small_paper):
    small_paper.build()
    dead = subprocess.Popen(["true"])
    dead.wait()
    alive = subprocess.Popen(["sleep", "60"])
    try:
        gens = small_paper.root / ".public-gens"
        leftovers = [gens / f"run-{dead.pid}-abc", gens / f"g-{dead.pid}-abc", gens / f"old-{dead.pid}-abc",
                     small_paper.root / f".cache/staging/run-{dead.pid}-abc"]
        running = gens / f"run-{alive.pid}-abc"
        for folder in leftovers + [running]:
            (folder / "2024-11-25").mkdir(parents=True)
            (folder / "2024-11-25/index.html").write_text("half")
        small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
        small_paper.age()
        small_paper.build()
        assert [f for f in leftovers if f.exists()] == []
        assert running.exists()         # its build may still be running
    finally:
        alive.kill()
        alive.wait()


def test_a_failed_build_keeps_the_record_of_the_site_shown(small_paper):
    """A build that fails on the content publishes nothing: the next one still builds only what changed."""
    small_paper.build()
    total = len(small_paper.files())
    small_paper.article("2024-11-25/02/alpha.md", "title: [unclosed")
    small_paper.age()
    small_paper.build_fails()
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    report = small_paper.build()
    assert 0 < report.written < total / 2, (report.written, total)
    assert "二版甲改" in small_paper.read("2024-11-25/02/alpha.html")


def _settled_builds(paper: Paper, monkeypatch, n: int = 4) -> None:
    """Builds (each an edit) until both generations have a record of their folders; stamps count as
    settled at once here (a build marks a folder it changed to be listed next time instead)."""
    from epaper.engine import folderstamps
    monkeypatch.setattr(folderstamps, "SETTLED_NS", 0)
    paper.age()
    paper.build()
    for i in range(n):
        _edit(paper, i)


def _edit(paper: Paper, i: int) -> None:
    paper.article("2024-11-25/02/alpha.md", f"title: 二版甲改{i}")
    paper.age(paths=[paper.root / "content", *(paper.root / "content").rglob("*")])    # not the generations
    time.sleep(0.02)        # past the file system's clock tick: the next change gets a new stamp
    paper.build()


def _spare(paper: Paper) -> Path:
    shown = paper.public.resolve()
    return next(g for g in (paper.root / ".public-gens").iterdir() if g != shown)


@pytest.mark.parametrize("builds", [1, 4])
def test_a_file_planted_in_a_folder_no_build_changed_does_not_survive(small_paper, monkeypatch, builds):
    """The spare's folders are listed only when their stamp changed: a file planted (or removed) in an
    old edition's folder, in either generation, changes it.  (After one edit, both generations' records
    are those taken of every folder when they were first published.)"""
    _settled_builds(small_paper, monkeypatch, builds)
    before = small_paper.files()
    spare = _spare(small_paper)
    (spare / "2024-11-24/01/planted.html").write_text("<p>planted in the spare</p>")
    (spare / "2024-11-24/01/old-news.html").unlink()
    (small_paper.public / "2024-11-24/01/planted-shown.html").write_text("<p>planted in the site shown</p>")
    (small_paper.public / "2024-11-24/planted").mkdir()
    (small_paper.public / "2024-11-24/planted/deep.html").write_text("<p>in a planted folder</p>")
    for i in (10, 11):          # the spare, then the generation that was shown
        _edit(small_paper, i)
        assert not (small_paper.public / "2024-11-24/01/planted.html").exists()
        assert (small_paper.public / "2024-11-24/01/old-news.html").read_bytes() == before["2024-11-24/01/old-news.html"]
    assert not list((small_paper.root / ".public-gens").glob("*/2024-11-24/**/planted*"))
    assert not list((small_paper.root / ".public-gens").glob("*/2024-11-24/planted"))
    assert set(small_paper.files()) == set(before)


def test_nothing_changed_is_answered_from_the_folders_record_but_a_file_removed_is_made_again(small_paper, monkeypatch):
    """The no-change answer looks for no file in folders whose stamp is as published (after a first build
    too: its folders are stamped when it publishes): a file removed from an old edition's folder, its mtime
    even set back, changes the folder's stamp, and the build makes the file again."""
    from epaper.engine import folderstamps, quick
    monkeypatch.setattr(folderstamps, "SETTLED_NS", 0)
    small_paper.age()
    small_paper.build()
    looked: list[str] = []
    real = quick.exists_in
    monkeypatch.setattr(quick, "exists_in", lambda out: lambda rel: looked.append(rel) or real(out)(rel))
    assert small_paper.build().written == 0
    assert looked == []
    before = small_paper.read("2024-11-24/01/old-news.html")
    folder = small_paper.public / "2024-11-24/01"
    st = folder.stat()
    (folder / "old-news.html").unlink()
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert small_paper.build().written == 1
    assert small_paper.read("2024-11-24/01/old-news.html") == before


def test_builds_that_write_nothing_leave_the_next_one_the_no_change_answer(small_paper, monkeypatch):
    """Publishing makes a generation readable to all (a chmod, which changes its folder's stamp).  A build
    that wrote no file (an export that saved tonight's files again, unchanged) into a generation whose
    record had the top folder stamped kept that stamp from before the chmod: the next no-change answer
    found the folder changed, and every build after it was a whole build again, writing nothing."""
    _settled_builds(small_paper, monkeypatch)
    article = small_paper.root / "content/2024-11-25/02/alpha.md"
    for seconds in (5, 6, 7):       # saved again as it was, each generation in turn
        small_paper.age(seconds=seconds, paths=[article])
        time.sleep(0.02)            # past the file system's clock tick: the chmod gives a new stamp
        assert small_paper.build().written == 0
    from epaper.engine import incremental
    monkeypatch.setattr(incremental, "scan_rounds", lambda *a: (_ for _ in ()).throw(AssertionError("loaded")))
    assert small_paper.build().written == 0


def test_a_file_removed_from_a_folder_the_last_build_just_wrote_is_looked_for_and_made_again(small_paper, monkeypatch):
    """A folder the build changed in its last tick is left unstamped in the record (its stamp could not be
    told from a change made right after): the no-change answer looks there for each file the build made."""
    from epaper.engine import quick
    small_paper.age()
    small_paper.build()
    looked: list[str] = []
    real = quick.exists_in
    monkeypatch.setattr(quick, "exists_in", lambda out: lambda rel: looked.append(rel) or real(out)(rel))
    (small_paper.public / "2024-11-25/01/index.html").unlink()
    assert small_paper.build().written == 1
    assert "2024-11-25/01/index.html" in looked
    assert (small_paper.public / "2024-11-25/01/index.html").is_file()


def test_a_file_removed_from_both_generations_comes_back_in_each_after_a_failed_build(small_paper, monkeypatch):
    """The spare generation is kept as where it differs from the site shown: a file removed from both
    generations, then a build that fails (its generation, brought up to date from the site shown, is
    kept spare without the file), then builds that succeed: the file is made again, and each generation
    gets it back."""
    _settled_builds(small_paper, monkeypatch)
    before = small_paper.read("2024-11-24/01/old-news.html")
    for generation in (small_paper.root / ".public-gens").iterdir():
        (generation / "2024-11-24/01/old-news.html").unlink()
    small_paper.article("2024-11-25/02/alpha.md", "title: [unclosed")
    small_paper.age(paths=[small_paper.root / "content", *(small_paper.root / "content").rglob("*")])
    small_paper.build_fails()
    for i in range(3):
        _edit(small_paper, 10 + i)
        assert small_paper.read("2024-11-24/01/old-news.html") == before
    generations = list((small_paper.root / ".public-gens").iterdir())
    assert len(generations) == 2
    for generation in generations:
        assert (generation / "2024-11-24/01/old-news.html").read_text(encoding="utf-8") == before


def test_after_a_build_that_changed_most_files_the_spare_is_dropped_not_brought_up_to_date(small_paper, monkeypatch):
    """Relinking most of an archive's files into the spare costs more than linking the shown site into
    a new generation: after a new style sheet (every page changes), the next build drops the spare."""
    from epaper.engine import generations
    monkeypatch.setattr(generations, "RELINK_FROM", 0)     # a small paper: thousands of files in a newsroom's
    _settled_builds(small_paper, monkeypatch, 2)
    small_paper.write("assets/style.css", "body { color: #123; }\n")
    _edit(small_paper, 5)
    spare = _spare(small_paper).name
    _edit(small_paper, 6)
    assert small_paper.public.resolve().name != spare
    names = _generations_once_deleted(small_paper)
    assert spare not in names and len(names) == 2, names      # the site shown and the one shown before
    assert "二版甲改6" in small_paper.read("2024-11-25/02/alpha.html")


def test_the_generations_a_public_folder_removed_by_hand_leaves_are_deleted_as_the_build_goes_on(small_paper,
                                                                                                monkeypatch):
    """`rm public` removes the link, not the two generations behind it (a newsroom's are each the whole
    archive).  The next build shows a new one at once; the two are renamed and deleted by a process of their
    own, not before the build starts."""
    from epaper.engine import generations
    for i in range(2):      # by the command line (a generation of a process still running is not swept)
        small_paper.article("2024-11-25/02/alpha.md", f"title: 二版甲改{i}")
        small_paper.age()
        assert _run(small_paper.root).wait(timeout=120) == 0
    assert len(list((small_paper.root / ".public-gens").iterdir())) == 2
    small_paper.public.unlink()
    handed = []
    delete = generations._delete
    monkeypatch.setattr(generations, "_delete", lambda folder, now: (handed.append(now), delete(folder, now)))
    small_paper.build()
    assert handed == [False, False]
    assert "二版甲改1" in small_paper.read("2024-11-25/02/alpha.html")
    assert _generations_once_deleted(small_paper) == {small_paper.public.resolve().name}


def test_a_generation_being_deleted_is_left_to_its_deleter_by_the_builds_after(small_paper, monkeypatch, tmp_path):
    """An old generation is deleted by a process of its own, which may outlast the build that set it aside
    (a whole archive's files): the builds that start meanwhile leave it to that process, rather than each
    starting another deletion of the same files."""
    bin_dir, log = tmp_path / "bin", tmp_path / "rm.log"
    bin_dir.mkdir()
    slow_rm = bin_dir / "rm"
    slow_rm.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nsleep 8\nexec {shutil.which("rm")} "$@"\n')
    slow_rm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for i in range(2):
        small_paper.article("2024-11-25/02/alpha.md", f"title: 二版甲改{i}")
        small_paper.age()
        assert _run(small_paper.root).wait(timeout=120) == 0
    small_paper.public.unlink()         # the two generations behind it are set aside, to be deleted
    for i in range(3):
        small_paper.article("2024-11-25/02/alpha.md", f"title: 二版甲又改{i}")
        small_paper.age()
        assert _run(small_paper.root).wait(timeout=120) == 0
    assert len(log.read_text().splitlines()) == 2
    assert "二版甲又改2" in small_paper.read("2024-11-25/02/alpha.html")
    for _ in range(300):
        if not list((small_paper.root / ".public-gens").glob("old-*")):
            break
        time.sleep(0.1)
    assert not list((small_paper.root / ".public-gens").glob("old-*"))


def _generations_once_deleted(paper: Paper) -> set[str]:
    """The generations there once those set aside to be deleted (by a process of their own) are gone."""
    gens = paper.root / ".public-gens"
    for _ in range(200):
        if not list(gens.glob("old-*")):
            break
        time.sleep(0.05)
    return {p.name for p in gens.iterdir()}


def test_a_record_of_folders_not_signed_by_the_build_is_not_believed(small_paper, monkeypatch):
    """A record planted in .cache/ that claims a folder is unchanged cannot keep a planted file online."""
    import marshal
    from epaper.engine import folderstamps
    _settled_builds(small_paper, monkeypatch)
    spare = _spare(small_paper)
    planted = spare / "2024-11-24/01/planted.html"
    planted.write_text("<p>planted</p>")
    for record in (small_paper.root / ".cache/state").glob("*.spare"):
        name, folders, shown, differs = marshal.loads(record.read_bytes()[40:])   # MAC and length, then the record
        stamps = folderstamps.unpacked(folders).table()
        stamps["2024-11-24/01"] = folderstamps.stamp(str(planted.parent))
        record.write_bytes(marshal.dumps((name, folderstamps.packed(stamps).plain(), shown, differs)))
    _edit(small_paper, 10)
    assert not (small_paper.public / "2024-11-24/01/planted.html").exists()
    assert (small_paper.public / "2024-11-24/01/old-news.html").exists()


def test_a_build_with_search_never_writes_into_the_site_shown(small_paper):
    """Files of the new generation are new files, the search index's too: its unchanged files are links
    shared with the site shown, which a write in place would change under its readers."""
    small_paper.build(search=True)
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲改")
    small_paper.age()
    small_paper.build(search=True)          # from here on, the spare generation is brought up to date
    shown = small_paper.public.resolve()
    before = {p: p.read_bytes() for p in shown.rglob("*") if p.is_file()}
    small_paper.article("2024-12-01/01/new.md", "title: 新一旬的新闻")      # a new part of the index
    small_paper.age()
    small_paper.build(search=True)
    assert small_paper.public.resolve() != shown
    changed = [str(p.relative_to(shown)) for p, data in before.items() if p.exists() and p.read_bytes() != data]
    assert changed == []


def test_a_folder_whose_mtime_was_set_back_or_a_spare_replaced_by_a_copy_is_listed(small_paper, monkeypatch):
    """An mtime can be set back (touch -d, cp -a, rsync -t); a ctime or an inode cannot."""
    _settled_builds(small_paper, monkeypatch)
    spare = _spare(small_paper)
    folder = spare / "2024-11-24/01"
    st = folder.stat()
    (folder / "planted.html").write_text("<p>planted</p>")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    _edit(small_paper, 10)
    assert not (small_paper.public / "2024-11-24/01/planted.html").exists()
    spare = _spare(small_paper)
    copy = spare.with_name("copy")
    shutil.copytree(spare, copy, symlinks=True)             # mtimes kept, every inode new
    (copy / "2024-11-24/01/planted.html").write_text("<p>planted</p>")
    shutil.copystat(spare / "2024-11-24/01", copy / "2024-11-24/01")
    shutil.rmtree(spare)
    copy.rename(spare)
    _edit(small_paper, 11)
    assert not (small_paper.public / "2024-11-24/01/planted.html").exists()
    assert (small_paper.public / "2024-11-24/01/old-news.html").exists()
