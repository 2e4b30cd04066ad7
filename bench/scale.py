#!/usr/bin/env python3
"""Scale benchmark: a synthetic archive of N editions, built cold, rebuilt, edited, extended.

    python bench/scale.py --editions 365            # a one-year archive (~22,000 articles)
    python bench/scale.py --editions 30 --keep /tmp/paper
    python bench/scale.py --editions 365 --scaling  # one added edition at 3 years / at 1 year (target <= 1.3),
                                                    # with search and text-only

Prints, from one run on this machine: the floor (../shared/bench/floor.py: read, YAML, Markdown,
trivial Jinja, write; same process count) and our cold full build as articles/s and their ratio;
then our no-change rebuild, one edited article, one added edition and its removal, with each step's
wall time (median and range of --repeat runs) and peak RSS; and the no-change rebuild beside its floor
(bench/nochange_floor.py: a stat of every input file and site folder).  Each step runs as its own process, as a
newsroom would run it.

Then the same steps with search, as `build.py build` runs them (--no-search is the text-only figure
above): a cold build, one edited article and one added edition, each with the peak RSS of the whole
command (the build, its workers and Pagefind, summed as they run), and the bytes of pagefind/ that one
added edition changed (new files and files whose content changed: what `deploy` uploads).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"


# As on a newsroom's machine, Python keeps the compiled generator in __pycache__ between runs: this
# sandbox sets PYTHONDONTWRITEBYTECODE, which makes every build compile the package again (~60 ms).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB of the process and its workers, stdout) of one command."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    started = time.perf_counter()
    if Path(time_bin).exists():
        proc = subprocess.run([time_bin, "-f", "%M"] + cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
        rss = int(proc.stderr.strip().splitlines()[-1]) / 1024 if proc.returncode == 0 else float("nan")
    else:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
        rss = float("nan")
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return wall, rss, proc.stdout


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


def run_tree(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak summed RSS MiB of the command and everything it started, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out}\n{err}")
    return wall, peak / 1024, out


def bundle_files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, hashlib.blake2b(p.read_bytes()).digest())
            for p in folder.rglob("*") if p.is_file()}


def changed_bytes(before: dict, after: dict) -> int:
    return sum(size for rel, (size, digest) in after.items() if before.get(rel, (0, b""))[1] != digest)


def set_aside(folder: Path, trash: Path) -> None:
    """Move `folder` (if any) into `trash`, to be deleted after the measurements."""
    if folder.exists():
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


def median(runs: list[tuple[float, float]]) -> tuple[tuple[float, float, float], float]:
    """((median, fastest, slowest) seconds, largest peak RSS) of repeated runs of one step."""
    walls = sorted(w for w, _ in runs)
    return (walls[len(walls) // 2], walls[0], walls[-1]), max(r for _, r in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--editions", type=int, default=365)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, help="work in this folder (reused: the corpus is made once)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each rebuild step (the median is shown)")
    ap.add_argument("--no-search", action="store_true", help="measure the text-only build only")
    ap.add_argument("--publish", action="store_true",
                    help="also show each text-only step's publish cost (the build's own `-v` figures)")
    ap.add_argument("--scaling", action="store_true",
                    help="only the scaling figure: one added edition at three years over one year (--editions "
                         "is the one year; two corpora are made, of 1x and 3x as many editions)")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="epaper-bench-"))
    py = sys.executable
    if args.scaling:
        return scaling(args, work)
    paper = make_corpus(work, args.editions)
    articles = len(list((paper / "content").glob("*/*/*.md")))
    build = build_command(paper, args.jobs)
    if args.publish:
        build.append("-v")
        ENV["EPAPER_LANG"] = "en"       # the figures are read from the English line
    publish: dict[str, list[tuple[float, float]]] = {}      # step -> (spare brought up to date, switch) per run

    def timed(step: str) -> tuple[float, float]:
        wall, rss, out = run(build)
        found = re.search(r"publishing: ([\d.]+) s .*?, ([\d.]+) s", out)
        if found:
            publish.setdefault(step, []).append((float(found.group(1)), float(found.group(2))))
        return wall, rss

    print(f"corpus: {args.editions} editions, {articles} articles; {args.jobs} processes")
    # Old outputs are moved aside and deleted only after the last measurement: on this machine's ext4 disk
    # a cold build right after deleting the last one's ~77,000 files and folders ran 1.5-2x slower (most
    # of it system time), and no newsroom deletes an archive's output just before building it.
    trash = work / "trash"
    floor_out = work / "floor-out"
    set_aside(floor_out, trash)
    wall, rss, out = run([py, str(SHARED / "floor.py"), str(paper), str(floor_out), "--md", "markdown",
                          "--procs", str(args.jobs)])
    floor_rate = float(re.search(r"= (\d+) articles/s", out).group(1))
    set_aside(floor_out, trash)
    print(f"floor (floor.py, markdown, {args.jobs} procs): {floor_rate:,.0f} articles/s")

    set_aside(paper / "public", trash)
    set_aside(paper / ".public-gens", trash)        # the generations public/ links to (epaper/engine/output.py)
    set_aside(paper / ".cache", trash)
    rows = []
    wall, rss = timed("cold full build")
    rows.append(("cold full build", wall, rss))
    rate = articles / wall
    print(f"ours, cold: {rate:,.0f} articles/s = {rate / floor_rate:.2f} x the floor")

    # The rebuilds are short, and this machine is shared: each is run `--repeat` times, median shown.
    rows.append(("no-change rebuild", *median([timed("no-change rebuild") for _ in range(args.repeat)])))
    target = sorted((paper / "content").glob("*/*/*.md"))[articles // 2]
    original = target.read_text(encoding="utf-8")

    def edit(n: int) -> tuple[float, float]:
        target.write_text(original + f"\n编辑追加的第{n + 1}段。\n", encoding="utf-8")
        return timed("one edited article")
    rows.append(("one edited article", *median([edit(n) for n in range(args.repeat)])))
    target.write_text(original, encoding="utf-8")       # a kept corpus stays as generated
    run(build)
    new_day, added, removed = add_and_remove(paper, work, timed, args.repeat)
    rows.append(("one added edition", *median(added)))
    rows.append(("that edition removed", *median(removed)))

    print(f"{'step':<22}{'seconds':>10}{'(range)':>14}{'peak RSS MiB':>15}")
    for name, wall, rss in rows:
        spread = f"({wall[1]:.2f}-{wall[2]:.2f})" if isinstance(wall, tuple) else ""
        print(f"{name:<22}{(wall[0] if isinstance(wall, tuple) else wall):>10.2f}{spread:>14}{rss:>15.0f}")
    floor_out = run([py, str(REPO / "bench" / "nochange_floor.py"), str(paper)])[2]
    floor, ours = float(re.search(r"floor: ([\d.]+) s", floor_out)[1]), rows[1][1][0]
    print(f"no-change floor (bench/nochange_floor.py): {floor:.2f} s; "
          f"ours {ours:.2f} s = {ours / floor:.2f} x the floor")
    if publish:
        print("publish cost (median): the spare brought up to date, while the build loads; the new generation "
              "completed and switched")
        for name, runs in publish.items():
            sync, switch = (sorted(r[i] for r in runs)[len(runs) // 2] for i in (0, 1))
            print(f"{name:<22}{sync:>10.2f}{switch:>10.2f}")
    if not args.no_search:
        search_steps(args, paper, work, trash, _with_search(build), build, new_day, target, original, rows[0][1])
    shutil.rmtree(work / "extra")
    shutil.rmtree(trash, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work)
    return 0


def make_corpus(work: Path, editions: int, last: dt.date | None = None) -> Path:
    """The paper folder of a synthetic archive of `editions` editions (made once in `work`), with this
    checkout's layouts and assets; its last edition dated `last` when given."""
    paper = work / (f"paper-{editions}" if last is None else f"paper-{editions}-to-{last}")
    if not (paper / "content").is_dir():
        # Every edition in the past: a build leaves out editions dated after today.  2024-01-01, the
        # generator's own default, for archives short enough, so that their figures compare across runs.
        start = min(dt.date(2024, 1, 1), dt.date.today() - dt.timedelta(days=editions + 30)) if last is None \
            else last - dt.timedelta(days=editions - 1)
        print(f"generating {editions} editions into {paper} ...", flush=True)
        subprocess.run([sys.executable, str(SHARED / "gen_corpus.py"), str(paper), "--editions", str(editions),
                        "--start", start.isoformat()], check=True, capture_output=True)
    for name in ("layouts", "assets"):
        shutil.rmtree(paper / name, ignore_errors=True)
        shutil.copytree(REPO / name, paper / name)
    today = dt.date.today().isoformat()
    future = [d for d in (paper / "content").iterdir() if d.name > today]
    if future:
        sys.exit(f"{len(future)} editions of {paper} are dated after today and would not be built: "
                 "remove the folder to generate the corpus again")
    return paper


def build_command(paper: Path, jobs: int) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--root", str(paper), "--quiet", "--jobs", str(jobs),
            "--no-search"]


def add_and_remove(paper: Path, work: Path, timed, repeat: int) -> tuple[str, list, list]:
    """(the day of the edition added, (seconds, RSS) of each build adding it, of each removing it again)."""
    last = sorted(p.name for p in (paper / "content").iterdir())[-1]
    new_day = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(last, "%Y-%m-%d")) + 86400 * 1.5))
    if not (work / "extra" / "content" / new_day).is_dir():
        shutil.rmtree(work / "extra", ignore_errors=True)
        subprocess.run([sys.executable, str(SHARED / "gen_corpus.py"), str(work / "extra"), "--editions", "1",
                        "--start", new_day], check=True, capture_output=True)
    added, removed = [], []
    for _ in range(repeat):
        shutil.copytree(work / "extra" / "content" / new_day, paper / "content" / new_day)
        added.append(timed("one added edition"))
        shutil.rmtree(paper / "content" / new_day)
        removed.append(timed("that edition removed"))
    return new_day, added, removed


def scaling(args, work: Path) -> int:
    """One added edition at three years over one year, in one run (the target: at most 1.3): adding an
    edition should cost what changed, not the size of the archive.  Measured with the command a newsroom
    runs (search included), and text-only beside it."""
    # Both archives end on the same day, so that the edition added does the same to the search parts in
    # both (a part of its own in a third of a month still filling, not one that closes a third): what
    # changed is the same, only the archive before it differs.
    last = dt.date.today() - dt.timedelta(days=31)
    papers = {}
    for editions in (args.editions, 3 * args.editions):
        paper = papers[editions] = make_corpus(work, editions, last)
        shutil.rmtree(paper / ".cache", ignore_errors=True)
        run(_with_search(build_command(paper, args.jobs)))      # the archive as it stands, built (its state saved)
        # Not timed: the first build after a cold one has no spare generation yet, and links a whole one.
        add_and_remove(paper, work, lambda step: run(_with_search(build_command(paper, args.jobs)))[:2], 1)
    for mode, timed, memory in (("with search", run_tree, "the whole command's"), ("text-only", run, "the build's")):
        # The two archives take turns, a round each: this machine's speed drifts over minutes, and a drift
        # between the one year's runs and the three years' would be read as scaling.
        adds: dict[int, list[tuple[float, float]]] = {editions: [] for editions in papers}
        for _ in range(args.repeat):
            for editions, paper in papers.items():
                build = build_command(paper, args.jobs)
                build = _with_search(build) if mode == "with search" else build
                adds[editions] += add_and_remove(paper, work, lambda step: timed(build)[:2], 1)[1]
        for editions, runs in adds.items():
            (wall, *_), rss = median(runs)
            print(f"{editions} editions, {mode}: one added edition {wall:.2f} s ({memory} peak RSS {rss:.0f} MiB)",
                  flush=True)
        one, three = (sorted(wall for wall, _ in adds[e]) for e in papers)
        rounds = sorted(b / a for (a, _), (b, _) in zip(*adds.values()))
        print(f"scaling, {mode}: one added edition at {3 * args.editions} editions / at {args.editions} = "
              f"{three[len(three) // 2] / one[len(one) // 2]:.2f} (target <= 1.3); round by round "
              f"{', '.join(f'{r:.2f}' for r in rounds)}", flush=True)
    shutil.rmtree(work / "extra", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work)
    return 0


def _with_search(text_only: list[str]) -> list[str]:
    return [arg for arg in text_only if arg != "--no-search"]


def search_steps(args, paper: Path, work: Path, trash: Path, with_search: list[str], text_only: list[str],
                 new_day: str, target: Path, original: str, text_cold: float) -> None:
    """The steps with search (the command a newsroom runs), each beside the same step text-only."""
    set_aside(paper / "public", trash)
    set_aside(paper / ".cache", trash)
    rows = []
    wall, rss, _ = run_tree(with_search)
    rows.append(("cold build", (wall, wall, wall), rss, (text_cold,) * 3, float("nan")))
    repeat = min(args.repeat, 3)
    bundle = paper / "public" / "pagefind"

    def pair(step) -> tuple:
        searched, plain = [], []
        for n in range(repeat):
            searched.append(step(n, with_search))
            plain.append(step(n, text_only)[:2])
        return (*median([r[:2] for r in searched]), median(plain)[0], max(r[2] for r in searched))

    def edit(n: int, cmd: list[str]) -> tuple[float, float, int]:
        before = bundle_files(bundle)
        target.write_text(original + f"\n编辑追加的第{n + 1}段（{cmd[-1]}）。\n", encoding="utf-8")
        wall, rss, _ = run_tree(cmd)
        return wall, rss, changed_bytes(before, bundle_files(bundle))
    rows.append(("one edited article", *pair(edit)))
    target.write_text(original, encoding="utf-8")
    run_tree(with_search)

    def add(n: int, cmd: list[str]) -> tuple[float, float, int]:
        before = bundle_files(bundle)
        shutil.copytree(work / "extra" / "content" / new_day, paper / "content" / new_day)
        wall, rss, _ = run_tree(cmd)
        changed = changed_bytes(before, bundle_files(bundle))
        shutil.rmtree(paper / "content" / new_day)
        run_tree(with_search)
        return wall, rss, changed
    rows.append(("one added edition", *pair(add)))

    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    parts = len(list(bundle.glob("*/pagefind-entry.json")))
    print(f"with search (`build`, {parts} parts, pagefind/ {size / 2**20:,.0f} MiB), "
          f"beside the same step text-only (--no-search):")
    print(f"{'step':<22}{'search s':>10}{'(range)':>14}{'text-only s':>13}{'ratio':>7}{'peak RSS MiB':>14}"
          f"{'pagefind/ changed':>19}")
    for name, wall, rss, plain, changed in rows:
        spread = f"({wall[1]:.2f}-{wall[2]:.2f})"
        moved = "" if changed != changed else f"{changed / 1e6:,.2f} MB"
        print(f"{name:<22}{wall[0]:>10.2f}{spread:>14}{plain[0]:>13.2f}{wall[0] / plain[0]:>7.2f}{rss:>14.0f}"
              f"{moved:>19}")


if __name__ == "__main__":
    sys.exit(main())
