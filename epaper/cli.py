"""The command line: `build` (default), `check`, `clean --cache`.

The only place that prints problems and sets exit codes."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problems, SiteError
from .images import prune_cache
from .pipeline import BuildOptions, build, load
from .report import Reporter
from .state import BuildState

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a digital newspaper edition site.")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into public/ (the default command)")
    _common(b)
    b.add_argument("--out", type=Path, help="output folder (default: <root>/public)")
    b.add_argument("--clean", action="store_true", help="ignore the last build's records and render everything")
    b.add_argument("--drafts", action="store_true", help="include draft articles")
    b.add_argument("--future", action="store_true", help="include editions dated after today")
    b.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    b.set_defaults(run=_build)

    c = sub.add_parser("check", help="read and check everything without writing the site")
    _common(c)
    c.set_defaults(run=_check)

    k = sub.add_parser("clean", help="delete cached files the site no longer uses")
    _common(k)
    k.add_argument("--cache", action="store_true", help="prune image copies in .cache/images that no source uses")
    k.set_defaults(run=_clean)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="the paper's folder (with site.yaml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _build(args) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, clean=args.clean, jobs=args.jobs, out=args.out)
    try:
        report = build(args.root, options, Reporter(quiet=args.quiet))
    except SiteError as exc:
        return _fail(exc)
    _print_problems(report.warnings)
    if not args.quiet:
        print(report.summary())
    return 0


def _check(args) -> int:
    problems = Problems()
    try:
        load(args.root, BuildOptions(), BuildState(), problems)
    except SiteError as exc:
        return _fail(exc)
    _print_problems(problems.warnings)
    if not args.quiet:
        print(f"No errors ({len(problems.warnings)} warnings).")
    return 0


def _clean(args) -> int:
    if not args.cache:
        print("Say what to clean: --cache (image copies no source uses).", file=sys.stderr)
        return 2
    problems = Problems()
    try:     # drafts and future editions too: the preview server shows their photos
        loaded = load(args.root, BuildOptions(drafts=True, future=True), BuildState(), problems)
    except SiteError as exc:
        _print_problems(exc.problems)
        print("Cache not pruned: fix the errors above first, so that no photo in use loses its copies.",
              file=sys.stderr)
        return 1
    pruned = prune_cache(loaded.config, loaded.pictures)
    if not args.quiet:
        print(f"Pruned .cache/images: removed {pruned.removed} unused files, freed {pruned.freed / 1e6:.1f} MB; "
              f"kept {pruned.kept}.")
    return 0


def _fail(exc: SiteError) -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(f"Build failed: {len(errors)} error(s); public/ was left as it was.", file=sys.stderr)
    return 1


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
