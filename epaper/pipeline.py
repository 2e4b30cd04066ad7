"""One build, stage by stage: config -> content -> model -> images -> views -> render -> output.

`load` does everything short of writing (it is what `check` runs); `build` then renders only the
files whose inputs changed since the last run and commits them to the output folder in one step.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .config import Config, load_config
from .errors import Problem, Problems, SiteError
from .images import ImageStats, Picture, process_images
from .model import Edition, Site, build_site
from .output import Staging, commit
from .render import Renderer, load_renderer
from .report import BuildReport, Reporter
from .source import scan_content
from .state import BuildState, load_state, save_state
from .views import Output, edition_outputs, site_outputs

__all__ = ["BuildOptions", "Loaded", "build", "load", "today_for_build"]

PARALLEL_FROM = 300     # below this many files to render, forking workers costs more than it saves


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False        # show draft articles (the preview server does)
    future: bool = False        # show editions dated after today (the preview server does)
    clean: bool = False         # ignore what the last build recorded; render everything
    jobs: int = 0               # worker processes; 0 = one per core
    out: Path | None = None     # output folder; default <root>/public
    today: dt.date | None = None


@dataclass
class Loaded:
    config: Config
    site: Site
    pictures: dict[str, Picture]
    image_stats: ImageStats
    renderer: Renderer
    assets: dict[str, Path] = field(default_factory=dict)     # public path -> source file


def today_for_build() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that a rebuild of old input gives the same output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load(root: Path, options: BuildOptions, state: BuildState, problems: Problems,
         reporter: Reporter | None = None) -> Loaded:
    """Read and check everything; raise SiteError listing every problem if anything is wrong."""
    root = root.resolve()
    problems.root = root
    config = load_config(root, problems)
    tree = scan_content(config, problems, state.sources)
    site = build_site(config, tree, problems, today=options.today or today_for_build(),
                      drafts=options.drafts, future=options.future)
    assets = _assets(config)
    renderer = load_renderer(config, problems, {p.removeprefix("assets/"): p for p in assets})
    problems.raise_if_errors()
    progress = None
    if reporter:
        reporter.start("images", 0)
        progress = reporter.advance
    pictures, stats = process_images(config, site, problems, state.images, options.jobs, progress)
    if reporter:
        reporter.finish()
    problems.raise_if_errors()
    return Loaded(config, site, pictures, stats, renderer, assets)


def build(root: Path, options: BuildOptions = BuildOptions(), reporter: Reporter | None = None,
          state: BuildState | None = None) -> BuildReport:
    """Build the site into the output folder; raise SiteError (public/ untouched) on any error.

    `state`: the record of the last build, kept by a caller that builds again and again into one folder
    (the preview server); it is updated only when the build succeeds, and .cache/state is left alone.
    """
    started = time.perf_counter()
    root = root.resolve()
    out = (options.out or root / "public").resolve()
    state_path = _state_path(root, out, options)
    kept = state is not None
    if not kept:
        state = BuildState() if options.clean else load_state(state_path)
        if options.clean:
            state.outputs = load_state(state_path).outputs      # still needed to remove what is gone
    problems = Problems(root)
    loaded = load(root, options, state, problems, reporter)
    config, site, renderer = loaded.config, loaded.site, loaded.renderer

    outputs, digests, editions = _plan_outputs(loaded, state, options)
    _check_unique(outputs, digests, problems)
    copies = _copies(loaded)
    problems.raise_if_errors()
    digests.update({path: _stat_digest(src) for path, src in copies.items()})

    todo = [o for o in outputs if digests[o.path] != state.outputs.get(o.path) or not (out / o.path).exists()]
    copy_todo = {p: s for p, s in copies.items()
                 if digests[p] != state.outputs.get(p) or not (out / p).exists()}
    stale = [p for p in state.outputs if p not in digests]

    staging = Staging(config.cache_dir / "staging")
    try:
        _render_all(renderer, todo, staging, options.jobs, problems, reporter)
        problems.raise_if_errors()
        commit(out, staging, [o.path for o in todo], copy_todo, stale)
    except BaseException:
        staging.discard()
        raise
    state.outputs, state.editions = digests, editions
    if not kept:
        save_state(state, state_path)

    articles = sum(len(e.articles) for e in site.editions)
    return BuildReport(
        editions=len(site.editions), pages=sum(len(e.pages) for e in site.editions), articles=articles,
        images=len(loaded.pictures), images_processed=loaded.image_stats.processed,
        images_cached=loaded.image_stats.cached, written=len(todo) + len(copy_todo), removed=len(stale),
        seconds=time.perf_counter() - started, warnings=problems.warnings)


# --- planning ----------------------------------------------------------------------------------

def _plan_outputs(loaded: Loaded, state: BuildState, options: BuildOptions) -> tuple[list[Output], dict, dict]:
    """Every output's digest; the outputs themselves only where an edition changed; each edition's record.

    An edition whose fingerprint (its sources, images, neighbours, layouts and config) is the same as
    last time keeps the digests recorded then, without building its views again.
    """
    renderer, pictures = loaded.renderer, loaded.pictures
    outputs, digests, editions = [], {}, {}
    for edition in loaded.site.editions:
        fingerprint = _edition_fingerprint(loaded, edition, options)
        known = state.editions.get(edition.key)
        if known and known[0] == fingerprint:
            digests.update(known[1])
            editions[edition.key] = known
            continue
        outs = edition_outputs(loaded.config, edition, pictures)
        own = {o.path: renderer.digest(o) for o in outs}
        outputs.extend(outs)
        digests.update(own)
        editions[edition.key] = (fingerprint, own)
    for o in site_outputs(loaded.config, loaded.site, pictures):
        outputs.append(o)
        digests[o.path] = renderer.digest(o)
    # Outputs of unchanged editions may still need writing if they vanished from the output folder.
    return outputs, digests, editions


def _edition_fingerprint(loaded: Loaded, edition: Edition, options: BuildOptions) -> str:
    r = loaded.renderer
    pics = loaded.pictures
    parts = [
        r.digests.get("page.html"), r.digests.get("article.html"), r.globals_digest, options.drafts,
        edition.key, edition.number, edition.future,
        [(p.number, p.name, p.scan and p.scan.rel, p.pdf and p.pdf.rel,
          p.scan and p.scan.rel in pics and pics[p.scan.rel].variants[0].url) for p in edition.pages],
        [(a.rel, a.digest, [pics[ph.rel].variants[0].url for ph in a.photos if ph.rel in pics],
          [pics[ph.rel].variants[0].url for ph in a.inline_images.values() if ph.rel in pics])
         for a in edition.articles],
        [(e.key, bool(e.pages) and e.pages[0].url) if e else None for e in (edition.prev, edition.next)],
    ]
    return hashlib.blake2b(json.dumps(parts, default=str).encode(), digest_size=12).hexdigest()


def _check_unique(outputs: list[Output], digests: dict, problems: Problems) -> None:
    seen: dict[str, Output] = {}
    for o in outputs:
        other = seen.setdefault(o.path, o)
        if other is not o:
            problems.error(o.source or o.path, f"would be written to {o.path}, which {other.source or 'another page'} "
                           "also writes", hint="Rename the article file: names like 'index' are taken by the page view.")


def _copies(loaded: Loaded) -> dict[str, Path]:
    """Files published as they are: resized images from the cache, page PDFs, assets."""
    config = loaded.config
    cache = config.cache_dir / "images"
    copies: dict[str, Path] = {}
    for pic in loaded.pictures.values():
        for v in pic.variants:
            copies[v.url] = cache / v.cache_file
    for edition in loaded.site.editions:
        for page in edition.pages:
            if page.pdf:
                copies[page.pdf.rel] = page.pdf.path
            if config.publish_originals:
                for a in page.articles:
                    for photo in a.photos:
                        copies[photo.rel] = photo.path
    copies.update(loaded.assets)
    return copies


def _assets(config: Config) -> dict[str, Path]:
    folder = config.assets_dir
    if not folder.is_dir():
        return {}
    return {f"assets/{p.relative_to(folder).as_posix()}": p
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _stat_digest(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _state_path(root: Path, out: Path, options: BuildOptions) -> Path:
    key = hashlib.blake2b(f"{out}:{options.drafts}:{options.future}".encode(), digest_size=6).hexdigest()
    return root / ".cache" / "state" / f"{key}.pickle"


# --- rendering ---------------------------------------------------------------------------------

_WORK: tuple = ()


def _render_all(renderer: Renderer, todo: list[Output], staging: Staging, jobs: int, problems: Problems,
                reporter: Reporter | None) -> None:
    global _WORK
    if reporter:
        reporter.start("pages", len(todo))
    jobs = jobs or os.cpu_count() or 1
    _WORK = (renderer, todo, staging)
    try:
        if jobs > 1 and len(todo) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            # Forked workers share the model and compiled layouts with this process: nothing is pickled
            # but an index and, back, a problem when one occurs.
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for problem in pool.imap_unordered(_render_one, range(len(todo)), chunksize=64):
                    _note(problem, problems, reporter)
        else:
            for i in range(len(todo)):
                _note(_render_one(i), problems, reporter)
    finally:
        _WORK = ()
        if reporter:
            reporter.finish()


def _note(problem, problems: Problems, reporter) -> None:
    if problem:
        problems.extend([problem])
    if reporter:
        reporter.advance()


def _render_one(i: int) -> Problem | None:
    renderer, todo, staging = _WORK
    output = todo[i]
    try:
        staging.write(output.path, renderer.render(output))
    except jinja2.TemplateError as exc:
        return _template_problem(exc, renderer.config, output)
    except OSError as exc:
        return Problem(output.source or output.path, f"cannot write {output.path}: {exc}")
    return None


def _template_problem(exc: Exception, config: Config, output: Output) -> Problem:
    layouts = str(config.layouts_dir)
    line, name = None, getattr(exc, "name", None) or "?"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(layouts):
            name, line = Path(frame.filename).relative_to(layouts).as_posix(), frame.lineno
            break
    return Problem(f"layouts/{name}", f"while rendering {output.path}: {exc}", line,
                   "Check the names used in this line of the layout; see the context in epaper/views.py.")
