"""The command line: `build` (default), `check`, `serve`, `new`, `init`, `clean --cache`, `deploy`.

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

from .. import __version__
from ..config import BuildOptions, load_config, output_folder, unsafe_output
from ..core import (Problems, Reporter, SiteError, WorkerLost, choose_language, command, say, use_command,
    use_language)
from ..engine import BuildState, check_unchanged

# Each command imports what it needs when it runs: a build with nothing to do answers before the
# pipeline (Jinja2, Markdown, Pillow) is loaded at all.

__all__ = ["main", "run"]


def run(prog: str | None = None) -> NoReturn:
    """main(), then leave at once.  Python's own exit frees a year's records and model object by object,
    which can take longer than rebuilding after one more edition; the system frees it all in one go.  A
    build hands them to `held` rather than freeing them as it returns."""
    held: list = []
    code = main(prog=prog, held=held)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, prog: str | None = None, held: list | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    use_command(_command_name(prog))
    parser = _parser(prog)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = parser.parse_args(argv)
    args.held = held
    use_language(choose_language(args.lang, getattr(args, "root", None)))
    return args.run(args)


def _command_name(prog: str | None) -> str:
    """What the user typed to start us, for hints that name a command."""
    if prog:
        return prog
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "epaper"


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Build a digital newspaper edition site.")
    parser.add_argument("--version", action="version", version=f"epaper {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into public/ (the default command)")
    _common(b)
    b.add_argument("--out", type=Path, help="output folder (default: <root>/public)")
    b.add_argument("--clean", action="store_true", help="ignore the last build's records and render everything")
    b.add_argument("--drafts", action="store_true", help="include draft articles")
    b.add_argument("--future", action="store_true", help="include editions dated after today")
    b.add_argument("--jobs", type=_jobs, default=0, help="worker processes (default: one per core)")
    b.add_argument("--no-search", dest="search", action="store_false", help="don't update the search index")
    b.add_argument("--base-url", help="public address of the site, overriding base_url in site.yaml")
    b.add_argument("-v", "--verbose", action="store_true", help="also say which layouts and assets override the theme")
    b.set_defaults(run=_build)

    c = sub.add_parser("check", help="check the content, then the site built from it (links, HTML, feeds)")
    _common(c)
    c.add_argument("--preflight", action="store_true",
                   help="list what an editor should fix before publishing, future editions included "
                        "(checks the content, not a built site)")
    c.add_argument("--strict", action="store_true", help="exit with failure when there is any warning or finding")
    c.add_argument("--out", type=Path, help="the built site to check (default: <root>/public)")
    c.add_argument("--base-url", help="judge the built site by this address (default: the one its build used)")
    c.add_argument("--no-html", action="store_true", help="skip the Nu HTML Checker (faster; CI runs it)")
    c.add_argument("--content-only", action="store_true", help="check the content only, not a built site")
    c.set_defaults(run=_check)

    s = sub.add_parser("serve", help="preview with drafts and future editions; rebuild and reload on every save")
    _common(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on, and a name the preview answers to besides 127.0.0.1 and localhost "
                        "(default: 127.0.0.1, this machine only)")
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
    i = sub.add_parser("import", help="write an edition (articles, regions, photos) from its print PDFs")
    i.add_argument("pdfs", nargs="+", type=Path, metavar="PDF_OR_FOLDER",
                   help="one PDF per page (p03.pdf, 03.pdf, A03.pdf), a folder of them, or one PDF of the edition")
    i.add_argument("--date", required=True, help="the edition's date, YYYY-MM-DD")
    _common(i)
    i.set_defaults(run=_import)
    k = sub.add_parser("clean", help="delete cached files the site no longer uses")
    _common(k)
    k.add_argument("--cache", action="store_true", help="prune image copies in .cache/images that no source uses")
    k.set_defaults(run=_clean)
    i = sub.add_parser("init", help="start a new paper in a new folder: site.yaml, a sample edition, empty overrides")
    i.add_argument("folder", type=Path, help="the new paper's folder (created; must not hold anything yet)")
    i.add_argument("--name", default="", help="the newspaper's name (default: the folder's name)")
    i.add_argument("--language", choices=("zh-CN", "en"), default="zh-CN",
                   help="language of the paper and its messages (default: zh-CN)")
    i.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    _language(i)
    i.set_defaults(run=_init, root=None)
    return parser


def _jobs(text: str) -> int:
    """--jobs: 0 (one per core) or a number of worker processes."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if not 0 <= jobs <= 256:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number of worker processes: give 1 to 256, "
                                         "or 0 for one per core")
    return jobs


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="the paper's folder (with site.yaml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    _language(p)


def _language(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh-CN", "en"),
                   help="language of the messages (default: EPAPER_LANG, else the paper's language)")


def _build(args) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, clean=args.clean, jobs=args.jobs, out=args.out,
                           base_url=args.base_url, search=args.search)
    out = args.out or "public/"
    if not _is_paper(args.root):
        return 2
    if args.out is not None and (why := unsafe_output(args.root, args.out)):
        print(say("cli.unsafe_out", error=say("problem.error"), out=args.out, why=why), file=sys.stderr)
        return 2
    # SIGTERM (a CI timeout, systemd) stops the build as Ctrl-C does: workers and scratch folders go.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop_on_signal) if main_thread else None
    try:
        checked = check_unchanged(args.root, options)
        if checked.report:
            report = checked.report
        else:
            from ..engine import build
            report = build(args.root, options, Reporter(quiet=args.quiet), checked=checked, held=args.held)
    except SiteError as exc:
        return _fail(exc, "cli.build_failed", say("cli.left_as_it_was", out=out))
    except WorkerLost as exc:
        return _lost(exc, "cli.build_lost", say("cli.left_as_it_was", out=out))
    except KeyboardInterrupt as exc:
        name = exc.args[0] if exc.args else "Ctrl-C"
        print(say("cli.build_stopped", signal=name, out=out), file=sys.stderr)
        return 143 if name == "SIGTERM" else 130
    except OSError as exc:          # a full disk, a read-only output folder: not the content's fault
        print(f"{say('problem.error')}: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        print(say("cli.build_incomplete", out=out), file=sys.stderr)
        return 1
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    _print_problems(report.warnings)
    if not args.quiet:
        print(report.summary())
        if args.search:
            print(report.search.summary() if report.search else say("search.no_change"))
        _print_future(args.root, options)
    if args.verbose:
        if report.publish is not None:      # (a build that found nothing changed published nothing)
            print(report.publish_summary())
        _print_overrides(args.root)
    return 0


def _stop_on_signal(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)      # a second one must not cut the clean-up short
    raise KeyboardInterrupt("SIGTERM")


def _print_future(root: Path, options: BuildOptions) -> None:
    """Name the editions dated after today that this build left out: an editor who has just imported
    tomorrow's edition would otherwise look for it in vain."""
    from ..config import today_for_build
    from ..content import edition_folders
    if options.future:
        return
    config = load_config(root.resolve(), Problems())
    today = (options.today or today_for_build(config.timezone)).isoformat()
    later = [date for date in edition_folders(config) if date > today]
    if later:
        print(say("cli.future_left_out", editions=", ".join(f"content/{d}/" for d in later), command=command()))


def _check(args) -> int:
    """Zola's `check`: load (no image converted) and render every file in memory, checking each; then,
    unless --content-only, the site that `build` wrote."""
    from .dryrun import check_content
    from ..engine import load
    from .preflight import preflight
    if not _is_paper(args.root):
        return 2
    problems = Problems()
    options = BuildOptions(base_url=args.base_url, future=args.preflight, out=args.out, images=False)
    try:
        loaded = load(args.root, options, BuildState(), problems)
        if not args.preflight:
            check_content(loaded, options, problems)
            problems.raise_if_errors()
        if not (args.content_only or args.preflight):     # preflight looks at what is not built yet
            _check_built(args, loaded, problems)
            problems.raise_if_errors()
    except SiteError as exc:
        return _fail(exc, "cli.check_failed")
    except WorkerLost as exc:
        return _lost(exc, "cli.check_lost")
    findings = problems.warnings + (preflight(loaded.site) if args.preflight else [])
    _print_problems(findings)
    if args.strict and findings:
        print(say("cli.check_strict_failed", count=len(findings)), file=sys.stderr)
        return 1
    if not args.quiet:
        print(say("cli.check_ok", count=len(findings)))
    return 0


def _serve(args) -> int:
    from .serve import serve     # tornado and watchdog are loaded for this command only

    def told(result) -> None:
        if isinstance(result, SiteError):
            _print_problems(result.problems)
            errors = sum(not p.warning for p in result.problems)
            print(say("cli.serve_build_failed", errors=errors), file=sys.stderr, flush=True)
        elif isinstance(result, BaseException):
            traceback.print_exception(result)
            print(say("cli.serve_crashed"), file=sys.stderr, flush=True)
        else:
            _print_problems(result.warnings)
            if not args.quiet:
                print(result.summary(), flush=True)

    def ready(url: str, out: Path) -> None:
        print(say("cli.serving", root=args.root.resolve(), url=url, out=out), flush=True)

    try:
        serve(args.root, args.host, args.port, args.open, told=told, ready=ready, reporter=Reporter(quiet=args.quiet))
    except OSError as exc:
        hint = " " + say("cli.try_port") if exc.errno in (errno.EADDRINUSE, errno.EACCES) else ""
        print(say("cli.cannot_serve", why=exc.strerror or exc) + hint, file=sys.stderr)
        return 1
    print(say("cli.stopped"), flush=True)
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
            print(say("cli.created", path=f"{path.relative_to(root).as_posix()}{'/' if path.is_dir() else ''}"))


def _refuse(exc: SiteError) -> int:
    _print_problems(exc.problems)
    print(say("cli.nothing_created"), file=sys.stderr)
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
        print(say("cli.deploy_failed"), file=sys.stderr)
        return 1
    _print_problems(problems.warnings)
    if not args.quiet:
        for line in report.lines():
            print(line)
        print(report.summary())
    return 0


def _check_built(args, loaded, problems: Problems) -> None:
    from ..engine import recorded_base_url
    from ..engine import produced_files
    from ..render import search_patterns
    from .sitecheck import check_site
    config = loaded.config
    public = output_folder(args.root, BuildOptions(out=args.out))
    if not public.is_dir():
        problems.error(str(public), say("cli.no_built_site"), hint=say("cli.no_built_site_hint", command=command()))
        return
    built_for = args.base_url if args.base_url is not None else recorded_base_url(config.root, public)
    produced = produced_files(loaded, BuildOptions(base_url=built_for))
    check_site(public, config, problems, html=not args.no_html, base_url=args.base_url, produced=produced,
               kept=config.keep + search_patterns(loaded.site))


def _import(args) -> int:
    from .importer import import_edition      # pypdfium2 and the layout reader: for this command only
    if not _is_paper(args.root):
        return 2
    result = import_edition(args.root, args.pdfs, args.date)
    for line in result.problems if args.quiet and result.ok else result.lines:
        print(line, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _is_paper(root: Path) -> bool:
    """Refuse a folder that is no paper at all (a typo in --root) before writing .cache/ into it."""
    if (root / "site.yaml").is_file() or (root / "content").is_dir():
        return True
    print(f"{say('problem.error')}: {say('cli.not_a_paper', root=root)}", file=sys.stderr)
    return False


def _clean(args) -> int:
    from ..media import prune_cache
    from ..engine import load
    if not args.cache:
        print(say("cli.clean_what"), file=sys.stderr)
        return 2
    problems = Problems()
    try:     # drafts and future editions too: the preview server shows their photos
        loaded = load(args.root, BuildOptions(drafts=True, future=True), BuildState(), problems)
    except SiteError as exc:
        _print_problems(exc.problems)
        print(say("cli.cache_not_pruned"), file=sys.stderr)
        return 1
    pruned = prune_cache(loaded.config, loaded.pictures)
    if not args.quiet:
        print(say("cli.pruned", removed=pruned.removed, mb=f"{pruned.freed / 1e6:.1f}", kept=pruned.kept))
    return 0


def _fail(exc: SiteError, failed: str, outcome: str = "") -> int:
    _print_problems(exc.problems)
    errors = [p for p in exc.problems if not p.warning]
    print(say(failed, errors=len(errors), outcome=outcome), file=sys.stderr)
    return 1


def _lost(exc: WorkerLost, failed: str, outcome: str = "") -> int:
    print(f"{say('problem.error')}: {exc}\n    {exc.hint}", file=sys.stderr)
    print(say(failed, outcome=outcome), file=sys.stderr)
    return 1


def _print_overrides(root: Path) -> None:
    """`-v`: the paper's files used in place of the theme's."""
    from ..config import overrides
    config = load_config(root.resolve(), Problems())
    used = [f"layouts/{rel}" for rel in overrides(config.layouts_dir, config.theme_dir / "layouts", "*.html")]
    used += [f"assets/{rel}" for rel in overrides(config.assets_dir, config.theme_dir / "assets")]
    theme = config.theme or "epaper"
    print(say("cli.overrides", theme=theme, files=", ".join(used)) if used else say("cli.no_overrides", theme=theme))


def _init(args) -> int:
    from .newpaper import init_paper
    use_language(choose_language(args.lang, None) if args.lang or os.environ.get("EPAPER_LANG") else args.language)
    folder = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"{say('problem.error')}: {say('cli.init_not_empty', folder=folder)}\n"
              f"    {say('cli.init_not_empty_hint', command=command())}", file=sys.stderr)
        return 1
    name = args.name or folder.resolve().name
    created = init_paper(folder, name, args.language)
    if not args.quiet:
        for path in created:
            print(say("cli.created", path=path.relative_to(folder).as_posix() + ("/" if path.is_dir() else "")))
        print(say("cli.init_done", name=name, folder=folder, command=command()))
    return 0


def _print_problems(problems) -> None:
    for p in sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0)):
        print(p, file=sys.stderr)
