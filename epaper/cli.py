"""The command line: `build` (default), `check`.  The only place that prints problems and sets exit codes."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problems, SiteError
from .pipeline import BuildOptions, build, load
from .report import Reporter
from .state import BuildState

__all__ = ["main"]


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(prog)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = parser.parse_args(argv)
    return args.run(args)


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Build a digital newspaper edition site.")
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
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="the paper's folder (with site.yaml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _build(args) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, clean=args.clean, jobs=args.jobs, out=args.out)
    out = args.out or "public/"
    if not _is_paper(args.root):
        return 2
    try:
        report = build(args.root, options, Reporter(quiet=args.quiet))
    except SiteError as exc:
        return _fail(exc, "Build", f"; {out} was left as it was")
    except OSError as exc:          # a full disk, a read-only output folder: not the content's fault
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        print(f"Build failed; {out} may be incomplete: fix the above and build again.", file=sys.stderr)
        return 1
    _print_problems(report.warnings)
    if not args.quiet:
        print(report.summary())
    return 0


def _check(args) -> int:
    if not _is_paper(args.root):
        return 2
    problems = Problems()
    try:
        load(args.root, BuildOptions(), BuildState(), problems)
    except SiteError as exc:
        return _fail(exc, "Check")
    _print_problems(problems.warnings)
    if not args.quiet:
        print(f"No errors ({len(problems.warnings)} warnings).")
    return 0


def _is_paper(root: Path) -> bool:
    """Refuse a folder that is no paper at all (a typo in --root) before writing .cache/ into it."""
    if (root / "site.yaml").is_file() or (root / "content").is_dir():
        return True
    print(f"error: {root} is not a paper's folder: it has no site.yaml and no content/ folder.\n"
          "    Run the command in the paper's folder, or name it with --root.", file=sys.stderr)
    return False


def _fail(exc: SiteError, command: str, outcome: str = "") -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(f"{command} failed: {len(errors)} error(s){outcome}.", file=sys.stderr)
    return 1


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
