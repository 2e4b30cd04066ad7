"""The command line: `build` (default), `check`, `serve`.  The only place that prints problems and sets exit codes."""
from __future__ import annotations

import argparse
import errno
import sys
import traceback
from pathlib import Path

from .errors import Problems, SiteError
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

    s = sub.add_parser("serve", help="preview with drafts and future editions; rebuild and reload on every save")
    _common(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    s.add_argument("--open", action="store_true", help="open the preview in the default browser")
    s.set_defaults(run=_serve)
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


def _serve(args) -> int:
    from .serve import serve     # tornado and watchdog are loaded for this command only

    def told(result) -> None:
        if isinstance(result, SiteError):
            _print_problems(result.problems)
            errors = sum(not p.warning for p in result.problems)
            print(f"Build failed: {errors} error(s); the browser shows them until the next good save.",
                  file=sys.stderr, flush=True)
        elif isinstance(result, BaseException):
            traceback.print_exception(result)
            print("Build crashed: this is a bug in the generator; the preview goes on.", file=sys.stderr, flush=True)
        else:
            _print_problems(result.warnings)
            if not args.quiet:
                print(result.summary(), flush=True)

    def ready(url: str, out: Path) -> None:
        print(f"Serving {args.root.resolve()} at {url} (built into {out}; drafts and future editions shown; "
              "Ctrl-C stops)", flush=True)

    try:
        serve(args.root, args.host, args.port, args.open, told=told, ready=ready, reporter=Reporter(quiet=args.quiet))
    except OSError as exc:
        hint = " Try another --port." if exc.errno in (errno.EADDRINUSE, errno.EACCES) else ""
        print(f"Cannot serve: {exc.strerror or exc}.{hint}", file=sys.stderr)
        return 1
    print("Stopped.", flush=True)
    return 0


def _fail(exc: SiteError) -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(f"Build failed: {len(errors)} error(s); public/ was left as it was.", file=sys.stderr)
    return 1


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
