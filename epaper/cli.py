"""The command line: `build` (default), `check`.  The only place that prints problems and sets exit codes."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problems, SiteError
from .pipeline import BuildOptions, build, load
from .report import Reporter
from .sitecheck import check_site
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
    b.add_argument("--base-url", help="public address of the site, overriding base_url in site.yaml")
    b.set_defaults(run=_build)

    c = sub.add_parser("check", help="check the content, then the site built from it (links, HTML, feeds)")
    _common(c)
    c.add_argument("--out", type=Path, help="the built site to check (default: <root>/public)")
    c.add_argument("--base-url", help="the base_url the site was built with, if given to build --base-url")
    c.add_argument("--no-html", action="store_true", help="skip the Nu HTML Checker (faster; CI runs it)")
    c.add_argument("--content-only", action="store_true", help="check the content only, not a built site")
    c.set_defaults(run=_check)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="the paper's folder (with site.yaml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _build(args) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, clean=args.clean, jobs=args.jobs, out=args.out,
                           base_url=args.base_url)
    try:
        report = build(args.root, options, Reporter(quiet=args.quiet))
    except SiteError as exc:
        return _fail(exc)
    _print_problems(report.warnings)
    if not args.quiet:
        print(report.summary())
    return 0


def _check(args) -> int:
    """Zola's `check` (load without writing), then, unless --content-only, the site that `build` wrote."""
    problems = Problems()
    try:
        loaded = load(args.root, BuildOptions(base_url=args.base_url), BuildState(), problems)
        if not args.content_only:
            _check_built(args, loaded.config, problems)
            problems.raise_if_errors()
    except SiteError as exc:
        return _fail(exc, "Check failed: {n} error(s).")
    _print_problems(problems.warnings)
    if not args.quiet:
        print(f"No errors ({len(problems.warnings)} warnings).")
    return 0


def _check_built(args, config, problems: Problems) -> None:
    public = (args.out or args.root / "public").resolve()
    if not public.is_dir():
        problems.error(str(public), "there is no built site to check",
                       hint="Run `python build.py build` first, or check the content alone with --content-only.")
        return
    check_site(public, config, problems, html=not args.no_html)


def _fail(exc: SiteError, summary: str = "Build failed: {n} error(s); public/ was left as it was.") -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(summary.format(n=len(errors)), file=sys.stderr)
    return 1


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
