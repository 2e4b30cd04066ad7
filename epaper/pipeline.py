"""One build, stage by stage: config -> content -> model -> images -> views -> render -> output.

`load` does everything short of writing (it is what `check` runs); `build` then renders only the
files whose inputs changed since the last run and commits them to the output folder in one step.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import jinja2

from .config import BuildOptions, Config, load_config, output_folder, source_day, today_for_build
from .editionpdf import merge_edition_pdfs
from .errors import Problem, Problems
from .feeds import feed_outputs, warn_without_base_url
from .images import ImageStats, Picture, process_images
from .indexes import index_fingerprint, index_groups, index_pages, overview_output
from .manifest import VERSION as MANIFEST_VERSION, manifest_output
from .model import Edition, Site, build_site
from .offline import OfflineZip, make_offline_zip, plan_offline_zips
from .output import Staging, commit
from .quick import QuickCheck, check_unchanged, exists_in, quick_record, state_file
from .render import Renderer, load_renderer
from .report import BuildReport, Reporter
from .source import scan_content
from .state import BuildState, load_state, save_quick, save_state, trusted_mtime
from .views import Output, edition_outputs, site_outputs

__all__ = ["BuildOptions", "Loaded", "build", "load", "output_folder", "source_day", "today_for_build"]

FINGERPRINTED = (".css", ".js")   # assets published under a content-hashed name
PARALLEL_FROM = 300     # below this many files to render, forking workers costs more than it saves


@dataclass
class Loaded:
    config: Config
    site: Site
    pictures: dict[str, Picture]
    image_stats: ImageStats
    renderer: Renderer
    assets: dict[str, Path] = field(default_factory=dict)     # public (fingerprinted) path -> source file


def load(root: Path, options: BuildOptions, state: BuildState, problems: Problems,
         reporter: Reporter | None = None, touched: set[str] | None = None) -> Loaded:
    """Read and check everything; raise SiteError listing every problem if anything is wrong.
    `touched`: see `scan_content`."""
    root = root.resolve()
    problems.root = root
    config = load_config(root, problems, None if options.base_url is None else {"base_url": options.base_url})
    warn_without_base_url(config, problems)
    tree = scan_content(config, problems, state.sources, touched)
    site = build_site(config, tree, problems, today=options.today or today_for_build(config.timezone),
                      drafts=options.drafts, future=options.future)
    assets = _assets(config, options.fingerprint, problems)
    renderer = load_renderer(config, problems, {src.relative_to(config.assets_dir).as_posix(): public
                                                for public, src in assets.items()})
    problems.raise_if_errors()
    def progress(total: int):
        """Shown once the number of images to convert is known; returns the per-image tick."""
        reporter.start("images", total)
        return reporter.advance

    pictures, stats = process_images(config, site, problems, state.images, options.jobs,
                                     progress if reporter else None)
    if reporter:
        reporter.finish()
    problems.raise_if_errors()
    return Loaded(config, site, pictures, stats, renderer, assets)


def build(root: Path, options: BuildOptions = BuildOptions(), reporter: Reporter | None = None,
          state: BuildState | None = None, inspect: Callable[[Loaded], None] | None = None,
          touched: set[str] | None = None, checked: QuickCheck | None = None) -> BuildReport:
    """Build the site into the output folder; raise SiteError (public/ untouched) on any error.

    `state`: the record of the last build, kept by a caller that builds again and again into one folder
    (the preview server); it is updated only when the build succeeds, and .cache/state is left alone.
        `inspect` sees what was loaded (the preview server runs the preflight checks on it).
        `touched`: the edition folders that may have changed since the last build with this `state`
    (None: any); the preview server knows them from the file system's change events.
        `checked`: the no-change check of these inputs, when the caller made it already (the command line
    does, before it imports this module).
    """
    # The state and the model live through the whole build; Python's full garbage collections would
    # walk all of their objects again and again (a quarter of a preview rebuild of a year's archive).
    # Frozen, they are left out of collections (and forked render workers do not copy their pages).
    gc.freeze()
    try:
        return _build(root, options, reporter, state, inspect, touched, checked)
    finally:
        gc.unfreeze()


def _build(root: Path, options: BuildOptions, reporter: Reporter | None, state: BuildState | None,
           inspect: Callable[[Loaded], None] | None, touched: set[str] | None,
           checked: QuickCheck | None) -> BuildReport:
    started = time.perf_counter()
    root = root.resolve()
    out = output_folder(root, options)
    kept = state is not None
    signature = None
    if not kept:
        checked = checked or check_unchanged(root, options)
        if checked.report:
            return checked.report
        # Whatever this build does, the record of an older one no longer describes the output folder (a
        # file saved just now cannot be signed; reverting it later must not look like "nothing changed").
        checked.path.unlink(missing_ok=True)
        signature = checked.signature
    timezone = load_config(root, Problems()).timezone
    options = replace(options, today=options.today or today_for_build(timezone))
    state_path = state_file(root, out, options)
    if not kept:
        state = load_state(state_path)
        gc.freeze()
    previous = state.outputs                 # what the output folder holds from the last build
    if options.clean:
        vars(state).update(vars(BuildState()))
    problems = Problems(root)
    snapshot = _inputs_snapshot(state)
    loaded = load(root, options, state, problems, reporter, touched)
    gc.freeze()
    if inspect:
        inspect(loaded)
    config, site, renderer = loaded.config, loaded.site, loaded.renderer

    outputs, digests, groups = _plan_outputs(loaded, state, options, None if kept else out)
    _check_unique(outputs, digests, problems)
    copies = _copies(loaded)
    copies.update(merge_edition_pdfs(config, site, problems))
    problems.raise_if_errors()
    digests.update({path: _stat_digest(src) for path, src in copies.items()})
    zips = plan_offline_zips(config, site, digests) if options.offline else {}
    digests.update({path: z.key for path, z in zips.items()})
    copies.update({path: z.cache for path, z in zips.items()})

    there = exists_in(out)
    todo = [o for o in outputs if digests[o.path] != state.outputs.get(o.path) or not there(o.path)]
    copy_todo = {p: s for p, s in copies.items()
                 if digests[p] != state.outputs.get(p) or not there(p)}
    stale = [p for p in previous if p not in digests]

    staging = Staging(config.cache_dir / "staging")
    try:
        _render_all(renderer, todo, staging, options.jobs, problems, reporter)
        problems.raise_if_errors()
        _make_offline_zips([zips[p] for p in sorted(copy_todo.keys() & zips.keys())], staging, out, copies,
                           config.base_url, options.jobs, problems)
        problems.raise_if_errors()
        commit(out, staging, [o.path for o in todo], copy_todo, stale, cache=config.cache_dir / "images")
    except BaseException:
        staging.discard()
        raise
    fresh = state.fresh
    state.outputs, state.groups = digests, groups      # only now: the build succeeded
    if not kept and (todo or copy_todo or stale or fresh or previous != digests or _inputs_changed(state, snapshot)):
        save_state(state, state_path)

    counts = (len(site.editions), sum(len(e.pages) for e in site.editions), sum(len(e.articles) for e in site.editions),
              len(loaded.pictures))
    if signature:
        save_quick(quick_record(signature, options.today, timezone, digests, counts, problems.warnings),
                   state_path.with_suffix(".quick"))
    return BuildReport(
        *counts, images_processed=loaded.image_stats.processed,
        images_cached=loaded.image_stats.cached, written=len(todo) + len(copy_todo), removed=len(stale),
        seconds=time.perf_counter() - started, warnings=problems.warnings,
        changed=sorted([o.path for o in todo] + list(copy_todo) + stale))


def _inputs_snapshot(state: BuildState) -> tuple:
    """What the loading stages may update in the state, to tell whether it must be saved again."""
    return (len(state.sources), [v[:2] for v in state.sources.values()], dict(state.images.get("hashes", {})),
            dict(state.images.get("sizes", {})), {k: v[0] for k, v in state.groups.items()})


def _inputs_changed(state: BuildState, before: tuple) -> bool:
    return _inputs_snapshot(state) != before


# --- planning ----------------------------------------------------------------------------------

def _plan_outputs(loaded: Loaded, state: BuildState, options: BuildOptions,
                  out: Path | None) -> tuple[list[Output], dict[str, str], dict]:
    """Every output's digest; the outputs themselves only where a group of them changed; each group's record.

    Files come in groups, each with a fingerprint of what its files are made from: an edition (its
    sources, images, neighbours, layouts and config) and an index (its articles).  A group whose
    fingerprint is the same as last time keeps the digests recorded then, without building its views
    again, unless one of its files vanished from the output folder (`rm -rf public`): then its views
    are built and written again.  `out` None: nobody else writes there (the preview's own folder).
    """
    renderer, pictures, config = loaded.renderer, loaded.pictures, loaded.config
    outputs, digests, groups = [], {}, {}
    there = exists_in(out) if out else bool

    def plan(group: str, fingerprint: str, make: Callable[[], list[Output]]) -> None:
        known = state.groups.get(group)
        if known and known[0] == fingerprint and all(map(there, known[1])):
            own = known[1]
        else:
            made = make()
            own = {o.path: renderer.digest(o) for o in made}
            outputs.extend(made)
        digests.update(own)
        groups[group] = (fingerprint, own)

    for edition in loaded.site.editions:
        plan(f"edition:{edition.key}", _edition_fingerprint(loaded, edition, options),
             lambda: edition_outputs(config, edition, pictures, options.offline)
             + [manifest_output(config, edition, pictures, options.offline)])
    indexes, entries = index_groups(loaded.site), {}
    made_by = f"{renderer.digests.get('listing.html')}:{renderer.globals_digest}:{options.drafts}"
    for (kind, name), items in indexes.items():
        plan(f"{kind}:{name}", f"{made_by}:{index_fingerprint(kind, items, indexes.made[kind, name], pictures)}",
             lambda: index_pages(config, kind, name, items, pictures, entries))
    counts = "\n".join(f"{kind}\0{name}\0{len(items)}" for (kind, name), items in indexes.items())
    plan("overview", _hash(f"{renderer.digests.get('indexes.html')}:{renderer.globals_digest}\n{counts}"),
         lambda: [overview_output(config, indexes)])
    news_day = source_day()     # never the clock: the same input builds the same feeds
    for o in (site_outputs(config, loaded.site, pictures, options.offline)
              + feed_outputs(config, loaded.site, news_day)):
        outputs.append(o)
        digests[o.path] = renderer.digest(o)
    return outputs, digests, groups


def _edition_fingerprint(loaded: Loaded, edition: Edition, options: BuildOptions) -> str:
    r = loaded.renderer
    pics = loaded.pictures
    parts = [
        r.digests.get("page.html"), r.digests.get("article.html"), r.globals_digest, options.drafts, options.offline,
        ("manifest", MANIFEST_VERSION),
        edition.key, edition.number, edition.future,
        [(p.number, p.name, p.scan and p.scan.rel, p.pdf and p.pdf.rel,
          p.scan and p.scan.rel in pics and pics[p.scan.rel].variants[0].url) for p in edition.pages],
        [(a.rel, a.digest, [pics[ph.rel].variants[0].url for ph in a.photos if ph.rel in pics],
          [pics[ph.rel].variants[0].url for ph in a.inline_images.values() if ph.rel in pics])
         for a in edition.articles],
        [(e.key, bool(e.pages) and e.pages[0].url) if e else None for e in (edition.prev, edition.next)],
    ]
    return _hash(json.dumps(parts, default=str))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


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


def _built_text(rel: str, staging: Staging, out: Path) -> str | None:
    """A rendered file as this build leaves it: from staging when rendered now, else from the output."""
    for folder in (staging.folder, out):
        if (folder / rel).is_file():
            return (folder / rel).read_text(encoding="utf-8")
    return None


def _assets(config: Config, fingerprint: bool, problems: Problems) -> dict[str, Path]:
    """{public path: source} of assets; CSS and JS get their content hash in the name
    (style.css -> assets/style.1a2b3c4d5e6f.css) so hosts can cache them for a year: a changed file is a
    new name.  Other assets (fonts, icons) may be named in CSS, so they keep their names."""
    folder = config.assets_dir
    if not folder.is_dir():
        return {}
    assets = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        if not p.resolve().is_relative_to(folder.resolve()):
            problems.error(p, "this asset is a link to a file outside assets/; it would publish that file",
                           hint="Copy the file into assets/ instead of linking to it.")
            continue
        rel = _fingerprinted(p, folder) if fingerprint else p.relative_to(folder).as_posix()
        assets[f"assets/{rel}"] = p
    return assets


def _fingerprinted(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder).as_posix()
    if path.suffix not in FINGERPRINTED:
        return rel
    digest = hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()
    return rel.removesuffix(path.suffix) + f".{digest}{path.suffix}"


def _stat_digest(path: Path) -> str:
    """Size and mtime of a file published as it is; its content hash when it was saved too recently
    for the mtime to be trusted."""
    st = path.stat()
    if trusted_mtime(st) >= 0:
        return f"{st.st_size}:{st.st_mtime_ns}"
    return hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()


# --- rendering ---------------------------------------------------------------------------------

def _in_workers(task: Callable[[int], object], count: int, jobs: int, parallel_from: int):
    """task(0) ... task(count - 1), in any order; in forked workers once there are `parallel_from` tasks.

    Forked workers share this process's memory (the model, the compiled layouts): nothing is pickled
    but the task's number and, back, its result."""
    global _TASK
    jobs = min(jobs or os.cpu_count() or 1, count)
    if jobs < 2 or count < parallel_from or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(task, range(count))
        return
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_leave_ctrl_c_to_the_parent) as pool:
            yield from pool.imap_unordered(_run_task, range(count), chunksize=max(1, min(64, count // (4 * jobs))))
    finally:
        _TASK = None


_TASK: Callable[[int], object] | None = None


def _run_task(i: int):
    return _TASK(i)


def _leave_ctrl_c_to_the_parent() -> None:
    """Ctrl-C reaches the whole process group: the parent stops the pool; a worker need not say so too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_all(renderer: Renderer, todo: list[Output], staging: Staging, jobs: int, problems: Problems,
                reporter: Reporter | None) -> None:
    if reporter:
        reporter.start("pages", len(todo))
    failed: list[tuple[Problem, str]] = []
    try:
        for failure in _in_workers(lambda i: _render_one(renderer, todo[i], staging), len(todo), jobs, PARALLEL_FROM):
            if failure:
                failed.append(failure)
            if reporter:
                reporter.advance()
    finally:
        if reporter:
            reporter.finish()
    problems.extend(_merge_failures(failed))


def _make_offline_zips(plans: list[OfflineZip], staging: Staging, out: Path, files: dict[str, Path], base_url: str,
                       jobs: int, problems: Problems) -> None:
    """Each edition's ZIP (reading and compressing its pages is a good part of a cold build), in parallel."""
    def make(i: int) -> list[Problem]:
        found = Problems()
        make_offline_zip(plans[i], lambda rel: _built_text(rel, staging, out), files, base_url, found)
        return found.items
    for found in _in_workers(make, len(plans), jobs, parallel_from=2):
        problems.extend(found)


def _merge_failures(failed: list[tuple[Problem, str]]) -> list[Problem]:
    """One problem per layout line, naming one file it broke (a bad line in article.html breaks them all)."""
    merged: dict[Problem, list[str]] = {}
    for problem, output in failed:
        merged.setdefault(problem, []).append(output)
    out = []
    for problem, outputs in merged.items():
        more = f" and {len(outputs) - 1} other file(s)" if len(outputs) > 1 else ""
        out.append(replace(problem, message=f"{problem.message} (while making {min(outputs)}{more})"))
    return out


def _render_one(renderer: Renderer, output: Output, staging: Staging) -> tuple[Problem, str] | None:
    try:
        staging.write(output.path, renderer.render(output))
    except jinja2.TemplateError as exc:      # before OSError: TemplateNotFound is an OSError too
        return _template_problem(exc, renderer.config), output.path
    except OSError as exc:
        return Problem(output.source or output.path, f"cannot write {output.path}: {exc}"), output.path
    except Exception as exc:        # a layout can fail in many ways (1 + "a", a bad filter argument): never crash
        return _template_problem(exc, renderer.config), output.path
    return None


def _template_problem(exc: Exception, config: Config) -> Problem:
    layouts = str(config.layouts_dir)
    line, name = None, getattr(exc, "name", None) or "?"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(layouts):
            name, line = Path(frame.filename).relative_to(layouts).as_posix(), frame.lineno
            break
    if isinstance(exc, jinja2.TemplateNotFound):
        what = f"the layout '{exc.name}' does not exist"
    elif isinstance(exc, jinja2.TemplateError):
        what = str(exc)
    else:
        what = f"{type(exc).__name__}: {exc}"
    return Problem(f"layouts/{name}", f"the layout failed: {what}", line,
                   "Check the names used on this line of the layout (the data each layout gets is listed in "
                   "epaper/views.py).")
