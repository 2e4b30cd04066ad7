"""The command line: `build` (default), `check`, `serve`, `new`, `clean --cache`, `deploy`.

The only place that prints problems and sets exit codes."""
from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import NoReturn

from .config import BuildOptions, load_config, output_folder
from .errors import Problems, SiteError, WorkerLost
from .quick import check_unchanged
from .report import Reporter
from .state import BuildState

# Each command imports what it needs when it runs: a build with nothing to do answers before the
# pipeline (Jinja2, Markdown, Pillow) is loaded at all.

__all__ = ["main", "run"]


def run(prog: str | None = None) -> NoReturn:
    """main(), then leave at once.  Python's own exit frees a year's records and model object by object,
    which took longer (0.7 s) than rebuilding after one more edition; the system frees it all in one go."""
    code = main(prog=prog)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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
    b.add_argument("--no-search", dest="search", action="store_false", help="don't update the search index")
    b.add_argument("--base-url", help="public address of the site, overriding base_url in site.yaml")
    b.set_defaults(run=_build)

    c = sub.add_parser("check", help="check the content, then the site built from it (links, HTML, feeds)")
    _common(c)
    c.add_argument("--preflight", action="store_true",
                   help="list what an editor should fix before publishing, future editions included "
                        "(checks the content, not a built site)")
    c.add_argument("--strict", action="store_true", help="exit with failure when there is any warning or finding")
    c.add_argument("--out", type=Path, help="the built site to check (default: <root>/public)")
    c.add_argument("--base-url", help="the base_url the site was built with, if given to build --base-url")
    c.add_argument("--no-html", action="store_true", help="skip the Nu HTML Checker (faster; CI runs it)")
    c.add_argument("--content-only", action="store_true", help="check the content only, not a built site")
    c.set_defaults(run=_check)

    s = sub.add_parser("serve", help="preview with drafts and future editions; rebuild and reload on every save")
    _common(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    s.add_argument("--open", action="store_true", help="open the preview in the default browser")
    s.set_defaults(run=_serve)
    n = sub.add_parser("new", help="start a new edition or article from a skeleton (never overwrites)")
    what = n.add_subparsers(dest="what", required=True)
    ne = what.add_parser("edition", help="content/DATE/ with edition.yaml carried over from the latest edition")
    ne.add_argument("date", help="the edition's date, YYYY-MM-DD")
    _common(ne)
    ne.set_defaults(run=_new_edition)
    na = what.add_parser("article", help="an article skeleton in content/DATE/NN/")
    na.add_argument("target", help="edition date and page, YYYY-MM-DD/NN")
    na.add_argument("slug", help="file name without .md, e.g. bridge-opens")
    na.add_argument("--title", default="", help="the headline to put in the skeleton")
    _common(na)
    na.set_defaults(run=_new_article)
    d = sub.add_parser("deploy", help="upload the built site to the bucket set in site.yaml (deploy:)")
    _common(d)
    d.add_argument("--out", type=Path, help="the built site to upload (default: <root>/public)")
    d.add_argument("--delete", action="store_true", help="also delete objects that the site no longer has")
    d.add_argument("--dry-run", action="store_true", help="list what would change; change nothing")
    d.set_defaults(run=_deploy)
    k = sub.add_parser("clean", help="delete cached files the site no longer uses")
    _common(k)
    k.add_argument("--cache", action="store_true", help="prune image copies in .cache/images that no source uses")
    k.set_defaults(run=_clean)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="the paper's folder (with site.yaml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _build(args) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, clean=args.clean, jobs=args.jobs, out=args.out,
                           base_url=args.base_url)
    out = args.out or "public/"
    if not _is_paper(args.root):
        return 2
    # SIGTERM (a CI timeout, systemd) stops the build as Ctrl-C does: workers and scratch folders go.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop_on_signal) if main_thread else None
    try:
        checked = check_unchanged(args.root, options)
        if checked.report:
            report = checked.report
        else:
            from .pipeline import build
            report = build(args.root, options, Reporter(quiet=args.quiet), checked=checked)
    except SiteError as exc:
        return _fail(exc, "Build", f"; {out} was left as it was")
    except WorkerLost as exc:
        return _lost(exc, "Build", f"; {out} was left as it was")
    except KeyboardInterrupt as exc:
        name = exc.args[0] if exc.args else "Ctrl-C"
        print(f"Build stopped by {name}; {out} was left as it was.", file=sys.stderr)
        return 143 if name == "SIGTERM" else 130
    except OSError as exc:          # a full disk, a read-only output folder: not the content's fault
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        print(f"Build failed; {out} was left as it was: fix the above and build again.", file=sys.stderr)
        return 1
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    _print_problems(report.warnings)
    if not args.quiet:
        print(report.summary())
    return _search(args, options, report) if args.search else 0


def _stop_on_signal(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)      # a second one must not cut the clean-up short
    raise KeyboardInterrupt("SIGTERM")


def _search(args, options: BuildOptions, report) -> int:
    from .search import update_index
    problems = Problems(args.root.resolve())
    search = update_index(args.root, output_folder(args.root, options), report, problems)
    if problems.errors:
        _print_problems(problems.items)
        print("The site was built, but its search index was not updated.", file=sys.stderr)
        return 1
    if not args.quiet:
        print(search.summary())
    return 0


def _check(args) -> int:
    """Zola's `check` (load without writing), then, unless --content-only, the site that `build` wrote."""
    from .pipeline import load
    from .preflight import preflight
    if not _is_paper(args.root):
        return 2
    problems = Problems()
    try:
        loaded = load(args.root, BuildOptions(base_url=args.base_url, future=args.preflight), BuildState(), problems)
        if not (args.content_only or args.preflight):     # preflight looks at what is not built yet
            _check_built(args, loaded, problems)
            problems.raise_if_errors()
    except SiteError as exc:
        return _fail(exc, "Check")
    except WorkerLost as exc:
        return _lost(exc, "Check")
    findings = problems.warnings + (preflight(loaded.site) if args.preflight else [])
    _print_problems(findings)
    if args.strict and findings:
        print(f"Check failed (--strict): {len(findings)} warning(s) to fix.", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"No errors ({len(findings)} warnings).")
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


def _new_edition(args) -> int:
    from .scaffold import new_edition
    config = load_config(args.root.resolve(), Problems())
    try:
        created = new_edition(config, args.date)
    except SiteError as exc:
        return _refuse(exc)
    _print_created(config.root, created, args.quiet)
    return 0


def _new_article(args) -> int:
    from .scaffold import new_article
    config = load_config(args.root.resolve(), Problems())
    try:
        created = new_article(config, args.target, args.slug, args.title)
    except SiteError as exc:
        return _refuse(exc)
    _print_created(config.root, [created], args.quiet)
    return 0


def _print_created(root: Path, paths: list[Path], quiet: bool) -> None:
    if not quiet:
        for path in paths:
            print(f"created {path.relative_to(root).as_posix()}{'/' if path.is_dir() else ''}")


def _refuse(exc: SiteError) -> int:
    _print_problems(exc.problems)
    print("Nothing was created.", file=sys.stderr)
    return 1


def _deploy(args) -> int:
    from .deploy import deploy
    problems = Problems(args.root.resolve())
    config = load_config(args.root.resolve(), problems)
    try:
        problems.raise_if_errors()
        report = deploy(config, output_folder(args.root, BuildOptions(out=args.out)), args.delete, args.dry_run)
    except SiteError as exc:
        _print_problems(exc.problems)
        print("Deploy failed.", file=sys.stderr)
        return 1
    _print_problems(problems.warnings)
    if not args.quiet:
        for line in report.lines():
            print(line)
        print(report.summary())
    return 0


def _check_built(args, loaded, problems: Problems) -> None:
    from .pipeline import CARRIED, produced_files
    from .sitecheck import check_site
    config = loaded.config
    public = output_folder(args.root, BuildOptions(out=args.out))
    if not public.is_dir():
        problems.error(str(public), "there is no built site to check",
                       hint="Run `python build.py build` first, or check the content alone with --content-only.")
        return
    produced = produced_files(loaded, BuildOptions(base_url=args.base_url))
    check_site(public, config, problems, html=not args.no_html, produced=produced, kept=config.keep + CARRIED)


def _is_paper(root: Path) -> bool:
    """Refuse a folder that is no paper at all (a typo in --root) before writing .cache/ into it."""
    if (root / "site.yaml").is_file() or (root / "content").is_dir():
        return True
    print(f"error: {root} is not a paper's folder: it has no site.yaml and no content/ folder.\n"
          "    Run the command in the paper's folder, or name it with --root.", file=sys.stderr)
    return False


def _clean(args) -> int:
    from .images import prune_cache
    from .pipeline import load
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


def _fail(exc: SiteError, command: str, outcome: str = "") -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(f"{command} failed: {len(errors)} error(s){outcome}.", file=sys.stderr)
    return 1


def _lost(exc: WorkerLost, command: str, outcome: str = "") -> int:
    print(f"error: {exc}\n    {exc.hint}", file=sys.stderr)
    print(f"{command} failed{outcome}.", file=sys.stderr)
    return 1


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
