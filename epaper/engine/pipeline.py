"""One build, stage by stage: config -> content -> model -> images -> views -> render -> output.

`load` does everything short of writing (it is what `check` runs); `build` then renders only the
files whose inputs changed since the last run and commits them to the output folder in one step.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from ..config import BuildOptions, Config, load_config, lookup, output_folder, source_day, today_for_build
from ..content import scan_content
from ..core import (Background, BuildReport, Problem, Problems, Reporter, in_workers, say, trusted_cache,
    trusted_mtime)
from ..media import (ImageStats, Picture, edition_pdf_url, make_offline_zip, make_tiles, merge_edition_pdfs,
    offline_url, offline_zip, process_images, tile_files, verify_published, zip_in_cache)
from ..model import Edition, Site, build_site
from ..render import (IndexRecord, Output, Renderer, VERSION as MANIFEST_VERSION, changed_indexes,
    edition_outputs, feed_outputs, index_fingerprint, index_pages, kept_search, list_entries, load_renderer,
    manifest_output, overview_pages, site_outputs, update_search, warn_without_base_url)
from .builddb import BuildState, GroupRecord, SavedEdition, load_state, save_quick, save_state
from .builtfor import record_base_url
from .generations import (Generation, Spare, load_record, prepare, publish, published_id, save_record,
    start_generation)
from .incremental import Changes, ScanMemo, edition_memo, saved_editions, settled_editions
from .output import Staging, commit, one_build_at_a_time, sweep
from .quick import QuickCheck, check_unchanged, exists_in, quick_record, state_file

__all__ = ["BuildOptions", "Loaded", "build", "load", "output_folder", "produced_files", "rendered_in_memory",
           "source_day", "today_for_build"]

FINGERPRINTED = (".css", ".js")   # assets published under a content-hashed name
PARALLEL_FROM = 300     # below this many files to make, forking workers costs more than it saves
BATCH = 40              # files (about) handed to a worker at a time
DELETE_APART_FROM = 5000    # a generation of this many files is deleted by a process of its own


@dataclass
class Loaded:
    config: Config
    site: Site
    pictures: dict[str, Picture]
    image_stats: ImageStats
    renderer: Renderer
    assets: dict[str, Path] = field(default_factory=dict)     # public (fingerprinted) path -> source file
    saved: dict[str, SavedEdition] = field(default_factory=dict)   # the editions to save whole for the next build


def load(root: Path, options: BuildOptions, state: BuildState, problems: Problems,
         reporter: Reporter | None = None, changes: Changes | None = None) -> Loaded:
    """Read and check everything; raise SiteError listing every problem if anything is wrong.
    `changes`: what the caller knows changed in content/ since the last build with `state`."""
    root = root.resolve()
    problems.root = root
    changes = changes or Changes()
    config = load_config(root, problems, None if options.base_url is None else {"base_url": options.base_url})
    warn_without_base_url(config, problems)
    # An edition whose folder is as the last build saw it is taken as that build assembled it (builddb's
    # SavedEdition): its files and records are not read at all.  Only the command line's build knows (from
    # the no-change check's walk) which folders are unchanged.
    signatures = {date: s for date, s in (changes.signatures or {}).items() if s} if changes.touched is None else {}
    settled = settled_editions(config, state.saved, signatures, options.drafts)
    memo = ScanMemo(state, changes, settled)
    tree = scan_content(config, problems, options.jobs, memo)
    memo.forget_unseen()
    site = build_site(config, tree, problems, today=options.today or today_for_build(config.timezone),
                      drafts=options.drafts, future=options.future,
                      edition_of=edition_memo(config, tree, state, settled, options.drafts, root))
    names: dict[str, str] = {}
    assets = _assets(config, options.fingerprint, problems, names)
    renderer = load_renderer(config, problems, names, state.renderer)
    state.renderer = renderer or state.renderer
    problems.raise_if_errors()
    def progress(total: int):
        """Shown once the number of images to convert is known; returns the per-image tick."""
        reporter.start("images", total)
        return reporter.advance

    pictures, stats = process_images(config, site, problems, state.images, options.jobs,
                                     progress if reporter else None, convert=options.images)
    if reporter:
        reporter.finish()
    problems.raise_if_errors()
    if signatures:      # editions will be saved: list their index entries first, so that they are saved with them
        list_entries(site)
    saved = saved_editions(config, tree, state, settled, signatures, options.drafts)
    return Loaded(config, site, pictures, stats, renderer, assets, saved)


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
    # The state and the model live through the whole build; Python's garbage collections would walk
    # all of their objects again and again while they are read and built, a large share of loading the
    # state and of a preview rebuild.  What this process drops is freed by reference
    # counting; the collector waits until the build is over, and the workers run it as usual.  Frozen,
    # the loaded objects are also left out of the workers' collections (so forked workers do not copy
    # their pages).
    collecting = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        return _build(root, options, reporter, state, inspect, touched, checked)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _build(root: Path, options: BuildOptions, reporter: Reporter | None, state: BuildState | None,
           inspect: Callable[[Loaded], None] | None, touched: set[str] | None,
           checked: QuickCheck | None) -> BuildReport:
    started = time.perf_counter()
    root = root.resolve()
    out = output_folder(root, options)
    kept = state is not None
    if not kept:
        checked = checked or check_unchanged(root, options)
        if checked.report:
            return checked.report
    early = load_config(root, Problems())
    with one_build_at_a_time(early.cache_dir, _tell_waiting):
        return _build_alone(root, out, options, reporter, state, inspect, touched, checked, early, started)


def _tell_waiting(message: str) -> None:
    print(f"{message} ...", file=sys.stderr, flush=True)


def _build_alone(root: Path, out: Path, options: BuildOptions, reporter: Reporter | None, state: BuildState | None,
                 inspect: Callable[[Loaded], None] | None, touched: set[str] | None, checked: QuickCheck | None,
                 early: Config, started: float) -> BuildReport:
    kept = state is not None
    signature = None
    if not kept:
        # Whatever this build does, the record of an older one no longer describes the output folder (a
        # file saved just now cannot be signed; reverting it later must not look like "nothing changed").
        checked.path.unlink(missing_ok=True)
        signature = checked.signature
    timezone = early.timezone
    options = replace(options, today=options.today or today_for_build(timezone))
    state_path = state_file(root, out, options)
    shown = state_path.with_suffix(".public")       # the generation of out/ that the state describes
    if not kept:
        state = load_state(state_path)
        gc.freeze()
        if not _describes(shown, out):
            _forget_outputs(state)
    warned = state.warnings + (checked.warnings if checked else trusted_cache(root))     # before --clean resets it
    previous = state.outputs                 # what the output folder holds from the last build
    spare_path = state_path.with_suffix(".spare")
    spare = None if kept or options.clean or not previous else _load_spare(spare_path)
    folders_path = state_path.with_suffix(".folders")      # the record of the folders of the generation shown
    if options.clean:
        vars(state).update(vars(BuildState()))
    problems = Problems(root)
    problems.extend(warned)
    snapshot = _inputs_snapshot(state)
    # The command line's build makes the next generation of the site: the one shown before the one shown
    # now, brought up to date with it, or else a new one the shown site's files are hard-linked into;
    # either on the other core while this one loads.  A file not there is made again.  (The preview's
    # own folder is updated in place: nothing is looked up.)
    gen = None if kept else _start(out, early.cache_dir, spare and spare[0])
    if gen and spare and gen.folder.name == spare[0]:
        gen.stamps = spare[2]
    trusted = not kept and previous is state.outputs and _describes(shown, out)
    spare_path.unlink(missing_ok=True)      # the spare generation is changed from here on
    keep = early.keep
    synced = False
    try:
        had = spare[1] if gen and spare and gen.folder.name == spare[0] else None
        fallback = gen and gen.folder.with_name(f"g-{os.getpid()}-{secrets.token_hex(6)}")
        linking = gen and Background(lambda: _timed(lambda: prepare(gen, had, state.outputs, keep, fallback)))
        try:
            loaded = load(root, options, state, problems, reporter,
                          Changes(touched, checked and checked.listing, checked and checked.editions))
        finally:
            (folder, missing, kept_files, stamps), syncing = (linking.result() if linking
                                                             else ((None, set(), set(), None), 0.0))
            if folder and folder != gen.folder:     # the spare could not be changed: a new generation
                gen.folder = folder
            if gen:
                gen.stamps = stamps
            synced = True
        gc.freeze()
        published = _make_and_publish(BuildContext(loaded, options, out, problems, reporter), state, previous, gen,
                                      missing, kept_files, inspect, shown, trusted and _load_shown(folders_path))
    except BaseException:
        if gen and synced and trusted and not gen.written:      # it holds the site shown: keep it spare
            _save_spare(spare_path, Spare(gen.folder.name, gen.stamps),
                        {p: d for p, d in previous.items() if p not in missing})
        elif gen:
            shutil.rmtree(gen.folder, ignore_errors=True)
        raise
    site = loaded.site
    digests, rendered, copy_todo, stale = published.digests, published.rendered, published.copied, published.stale
    if not kept:        # for `check` (the preview's folder is temporary: nothing to record)
        record_base_url(root, out, loaded.config.base_url)
    fresh = state.fresh
    # Only now: the build succeeded.
    state.outputs, state.groups, state.saved, state.indexes = digests, published.groups, loaded.saved, \
        published.indexes
    if not kept and (rendered or copy_todo or stale or fresh or previous != digests or _inputs_changed(state, snapshot)):
        save_state(state, state_path)
    if gen:
        shown.write_text(gen.folder.name, encoding="utf-8")
        save_record(folders_path, (gen.folder.name, gen.stamps))
    if published.spare:
        _save_spare(spare_path, published.spare, {p: d for p, d in previous.items()
                                                  if p not in missing and p in digests})

    counts = (len(site.editions), sum(len(e.pages) for e in site.editions), sum(len(e.articles) for e in site.editions),
              len(loaded.pictures))
    if signature:
        save_quick(quick_record(signature, options.today, timezone, digests, counts, problems.warnings),
                   state_path.with_suffix(".quick"))
    return BuildReport(
        *counts, images_processed=loaded.image_stats.processed,
        images_cached=loaded.image_stats.cached, written=len(rendered) + len(copy_todo), removed=len(stale),
        seconds=time.perf_counter() - started, warnings=problems.warnings,
        changed=sorted(rendered + list(copy_todo) + stale), search=published.search,
        publish=None if kept else (syncing, published.publishing))


@dataclass
class BuildContext:
    """What every step after loading works with: made once, passed whole."""
    loaded: Loaded              # the config, the site, its pictures, the renderer
    options: BuildOptions       # `today` filled in: the day the whole build takes as today
    out: Path                   # the output folder
    problems: Problems
    reporter: Reporter | None


@dataclass
class Target:
    """Where the jobs' files are rendered, and what the output folder holds already."""
    previous: dict[str, str]            # public path -> digest, as the last build recorded it
    there: Callable[[str], bool]        # a file is in the output folder (or the new generation)
    staging: Staging
    copies: dict[str, Path]             # files published as they are (the offline ZIPs take them)
    assets: list[tuple[str, str]]       # (public path, digest) of the assets


@dataclass
class Written:
    """What a build made and published."""
    digests: dict[str, str]     # every file of the site -> the digest of what made it
    groups: dict
    indexes: IndexRecord
    rendered: list[str]
    copied: dict[str, Path]
    stale: list[str]            # files of the last build that nothing makes any more
    spare: Spare | None = None  # the generation shown before, kept for the next build to bring up to date
    search: SearchReport | None = None
    publishing: float = 0.0     # seconds to complete the new generation and show it


def _timed(task: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    return task(), time.perf_counter() - started


def _make_and_publish(ctx: BuildContext, state: BuildState, previous: dict[str, str], gen: Generation | None,
                      missing: set[str], kept_files: set[str], inspect: Callable[[Loaded], None] | None, shown: Path,
                      trusted: bool | Spare) -> Written:
    loaded, options, out, problems = ctx.loaded, ctx.options, ctx.out, ctx.problems
    if inspect:
        inspect(loaded)
    config, site = loaded.config, loaded.site
    digests, groups, indexes, jobs = _plan(loaded, state, options, missing)
    copies = _copies(loaded)
    outputs = state.outputs
    # In a new generation, a file is there when it was linked from the site shown now.
    there = exists_in(out) if gen is None else (lambda p: p in outputs and p not in missing)
    # A merged PDF about to be published is checked first; a damaged one is merged again.
    copies.update(merge_edition_pdfs(config, site, problems,
                                     lambda url, cached: _stat_digest(cached) != outputs.get(url) or not there(url)))
    problems.raise_if_errors()
    digests.update({path: _stat_digest(src) for path, src in copies.items()})
    # Zoom tiles of the editions made again; a kept edition's are in its group's record (below)
    tiles = make_tiles(config, [job.edition for job in jobs if job.edition], loaded.pictures, options.jobs)
    problems.extend(tiles.problems)
    copies.update(tiles.files)
    problems.raise_if_errors()
    assets = sorted((p, digests[p]) for p in loaded.assets)
    # Cached images about to be published or zipped are checked first; a damaged one is made again.
    remade = set(verify_published(config, site, loaded.pictures, lambda p: digests[p] != outputs.get(p) or not there(p),
                                  [j.edition for j in jobs if j.edition and options.offline], problems))
    digests.update({p: _stat_digest(copies[p]) for p in remade})
    # A new generation is not shown until it is complete: files are rendered straight into it.
    staging = Staging(config.cache_dir / "staging", None if gen is None else gen.folder)
    if gen:
        gen.written = True
    try:
        made = _make_all(ctx, Target(outputs, there, staging, copies, assets), jobs)
        problems.raise_if_errors()
        rendered = []
        for job, result in made:
            if job.edition:
                result.own.update(tiles.digests.get(job.edition.key, {}))
            digests.update(result.own)
            rendered += result.rendered
            if job.group:
                groups[job.group] = GroupRecord(job.fingerprint, result.own)
        searched = (update_search(site, digests, {} if options.clean else previous, missing, out, staging.folder,
                                  rendered, config.language, options.jobs, problems)
                    if options.search else kept_search(previous))
        problems.raise_if_errors()
        digests.update(searched.files)
        rendered += searched.written
        copies.update(_offline_zips(config, site, digests))
        copy_todo = {p: s for p, s in copies.items() if digests[p] != outputs.get(p) or not there(p) or p in remade}
        if gen is None:
            stale = [p for p in previous if p not in digests] + searched.leftover
            commit(out, staging, rendered, copy_todo, stale)
        else:
            linked = outputs.keys() - missing
            stale = sorted(p for p in linked if p not in digests and p not in kept_files)
            # Until the state of this build is saved, no state describes the site shown (a kill in between).
            shown.unlink(missing_ok=True)
            spare, publishing = _timed(lambda: _publish(gen, staging, rendered, copy_todo, stale, len(linked),
                                                        trusted))
    except BaseException:
        if gen is None:
            staging.discard()
        raise
    return Written(digests, groups, indexes, rendered, copy_todo, stale, None if gen is None else spare,
                   searched.report, 0.0 if gen is None else publishing)


def _start(out: Path, cache: Path, spare: str | None) -> Generation:
    sweep(cache / "staging", "run-")        # the preview's scratch folders, of previews that were killed
    try:
        return start_generation(out, spare)
    except OSError as exc:
        raise _not_published(out, exc) from exc


def _publish(gen: Generation, staging: Staging, rendered: list[str], copies: dict[str, Path], stale: list[str],
             size: int, trusted: bool | Spare) -> Spare | None:
    """Show the new generation; the one shown before when it is kept as the spare (only when the record of
    the last build described it: then what it holds is known; `trusted` may be the record of its folders)."""
    try:
        return publish(gen, staging, rendered, copies, stale, delete_now=size < DELETE_APART_FROM,
                       spare=stale if trusted else None, shown=trusted if isinstance(trusted, Spare) else None)
    except OSError as exc:
        raise _not_published(gen.out, exc) from exc


def _load_spare(path: Path) -> tuple[str, dict[str, str], dict | None] | None:
    """(name, {path: digest} of its files, the record of its folders) of the spare generation, as the last
    build left it; None (a new generation is made) when there is none that this user's builds signed."""
    found = load_record(path)
    if not (isinstance(found, tuple) and len(found) == 3):
        return None
    name, files, stamps = found
    ok = isinstance(name, str) and isinstance(files, dict) and isinstance(stamps, (dict, type(None)))
    return (name, files, stamps) if ok else None


def _save_spare(path: Path, spare: Spare, files: dict[str, str]) -> None:
    save_record(path, (spare.name, files, spare.stamps))


def _load_shown(path: Path) -> bool | Spare:
    """The record of the folders of the generation shown (True when there is none: its files are known)."""
    found = load_record(path)
    ok = isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str) and isinstance(found[1], dict)
    return Spare(*found) if ok else True


def _not_published(out: Path, exc: OSError) -> OSError:
    """The error of a failed publish, naming the output folder (not a scratch folder already deleted)."""
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
    return OSError(exc.errno, say("pipeline.not_published", error=exc.strerror or exc, where=where), str(out))


def _describes(shown: Path, out: Path) -> bool:
    """Whether the record of the last build is of the site `out` shows now: a paper folder copied or moved
    with its .cache, a .cache restored from a backup, a public/ from elsewhere are not."""
    try:
        return shown.read_text(encoding="utf-8") == published_id(out)
    except OSError:
        return False


def _forget_outputs(state: BuildState) -> None:
    """Make every file again (the sources' and images' records are still good)."""
    state.outputs, state.groups, state.indexes = {}, {}, None


def produced_files(loaded: Loaded, options: BuildOptions) -> set[str]:
    """Every file a build with these options makes of what was loaded (its views are built, not
    rendered): what `check` holds the output folder against."""
    *_, jobs = _plan(loaded, BuildState(), options, set())
    files = {o.path for job in jobs for o in job.make()}
    files.update(_copies(loaded))
    files.update(tile_files(loaded.site.editions, loaded.pictures))
    for edition in loaded.site.editions:
        files.update(u for u in (edition_pdf_url(edition), options.offline and offline_url(edition)) if u)
    return files


def rendered_in_memory(loaded: Loaded, options: BuildOptions, problems: Problems,
                       only: set[str] | None = None) -> Iterator[tuple[Output, str]]:
    """(output, its text) of every file a build with these options renders (or of those in `only`), one
    group of files at a time, nothing written: what `check` checks without a build.  A layout that fails
    is added to `problems` with its file and line, once a layout line, as a build reports it."""
    *_, jobs = _plan(loaded, BuildState(), options, set())
    failed = []
    for job in jobs:
        for output in job.make():
            if only is not None and output.path not in only:
                continue
            try:
                text = loaded.renderer.render(output)
            except Exception as exc:      # a layout can fail in many ways: reported, never a crash
                failed.append((_template_problem(exc, loaded.config), output.path))
                continue
            yield output, text
    problems.extend(_merge_failures(failed))


def _inputs_snapshot(state: BuildState) -> tuple:
    """What the loading stages may update in the state, to tell whether it must be saved again."""
    state.changed = False
    return (dict(state.saved),
            dict(state.images.get("hashes", {})), dict(state.images.get("sizes", {})),
            {k: v.fingerprint for k, v in state.groups.items()}, state.indexes)


def _inputs_changed(state: BuildState, before: tuple) -> bool:
    return state.changed or _inputs_snapshot(state) != before


# --- planning ----------------------------------------------------------------------------------

@dataclass
class Job:
    """A group of files to make again: its fingerprint changed, or one of its files vanished."""
    group: str | None              # None: the site-wide files, made every time (and recorded per file)
    fingerprint: str
    make: Callable[[], list[Output]]
    weight: int                    # about how many files it makes: the work is shared out by it
    edition: Edition | None = None     # an edition's files also go into its offline ZIP


@dataclass
class Made:
    """What a job made: the digest of each of its files (the edition's ZIP too), the files rendered now."""
    own: dict[str, str]
    rendered: list[str]
    failures: list[tuple[Problem, str]]     # (what went wrong in a layout, the file it broke)
    problems: list[Problem]


def _plan(loaded: Loaded, state: BuildState, options: BuildOptions,
          missing: set[str]) -> tuple[dict[str, str], dict, IndexRecord, list[Job]]:
    """The digests and records of the groups of files kept as they were, the record of the indexes, and a
    job for each of the other groups.

    Files come in groups, each with a fingerprint of what its files are made from: an edition (its
    sources, images, neighbours, layouts and config) and an index (its articles).  A group whose
    fingerprint is the same as last time keeps the digests recorded then, without building its views
    again, unless one of its files is `missing` from the output folder (`rm -rf public`) or its offline
    ZIP from the cache.  An index none of whose editions changed is kept without being fingerprinted.
    """
    renderer, pictures, config = loaded.renderer, loaded.pictures, loaded.config
    digests, groups, jobs = {}, {}, []
    intact = missing.isdisjoint          # none of these files went missing

    def plan(group: str, fingerprint: str, make: Callable[[], list[Output]], weight: int,
             edition: Edition | None = None) -> None:
        """Keep the group as recorded, or add a job to make it (later: `make` binds its loop's values)."""
        known = state.groups.get(group)
        if (known and known.fingerprint == fingerprint and intact(known.outputs)
                and (edition is None or _zip_kept(config, edition, known.outputs, options))):
            digests.update(known.outputs)
            groups[group] = known
        else:
            jobs.append(Job(group, fingerprint, make, weight, edition))

    for edition in loaded.site.editions:
        plan(f"edition:{edition.key}", _edition_fingerprint(loaded, edition, options),
             lambda edition=edition: edition_outputs(config, edition, pictures, options.offline)
             + [manifest_output(config, edition, pictures, options.offline)],
             len(edition.articles) + len(edition.pages) + 2, edition)
    made_by = f"{renderer.digests.get('listing.html')}:{renderer.globals_digest}:{options.drafts}"
    indexes, record, everything = changed_indexes(loaded.site, pictures, made_by,
                                                  state.indexes if state.indexes and not missing else IndexRecord())
    if not everything:
        kept = _indexes_kept(state.groups, record, indexes)
        if kept is None:        # not recorded as it should be: plan every index
            indexes, record, _ = changed_indexes(loaded.site, pictures, made_by, IndexRecord())
        else:
            groups.update(kept)
            for group in kept.values():
                digests.update(group.outputs)
    entries = {}
    for (kind, name), items in indexes.items():
        plan(f"{kind}:{name}", f"{made_by}:{index_fingerprint(kind, items, indexes.made[kind, name], pictures)}",
             lambda kind=kind, name=name, items=items: index_pages(config, kind, name, items, indexes.made[kind, name],
                                                                   pictures, entries),
             1 + len(items) // config.index_page_size)
    made_by = f"{renderer.digests.get('indexes.html')}:{renderer.globals_digest}"
    for page in overview_pages(config, record.counts):
        plan(f"overview:{page.path}", _hash(f"{made_by}\n{page.made_from}"), lambda page=page: [page],
             1 + len(page.made_from) // 2000)
    news_day = source_day()     # never the clock: the same input builds the same feeds
    jobs.append(Job(None, "", lambda: site_outputs(config, loaded.site, pictures, options.offline)
                    + feed_outputs(config, loaded.site, news_day), 10))
    return digests, groups, record, jobs


def _indexes_kept(recorded: dict, record: IndexRecord, planned: dict) -> dict | None:
    """{group: its record} of every index not to plan (its entries are as the last build listed them),
    or None when one of them has no record."""
    kept = {}
    for kind, name in record.counts.keys() - planned.keys():
        known = recorded.get(f"{kind}:{name}")
        if known is None:
            return None
        kept[f"{kind}:{name}"] = known
    return kept


def _zip_kept(config: Config, edition: Edition, own: dict[str, str], options: BuildOptions) -> bool:
    """The edition's offline ZIP, as recorded, is still in the cache (or the edition has none)."""
    url = offline_url(edition) if options.offline else None
    return url is None or (url in own and zip_in_cache(config, edition, own[url]).exists())


def _offline_zips(config: Config, site: Site, digests: dict[str, str]) -> dict[str, Path]:
    """{public path: file in the cache} of every edition's offline ZIP this build has."""
    urls = ((e, offline_url(e)) for e in site.editions)
    return {url: zip_in_cache(config, e, digests[url]) for e, url in urls if url in digests}


def _edition_fingerprint(loaded: Loaded, edition: Edition, options: BuildOptions) -> str:
    r = loaded.renderer
    pics = loaded.pictures
    parts = [
        r.digests.get("page.html"), r.digests.get("article.html"), r.globals_digest, options.drafts, options.offline,
        ("manifest", MANIFEST_VERSION),
        edition.digest, edition.future,
        [rel in pics and pics[rel].variants[0].url for rel in edition.pictures],
        [(e.key, bool(e.pages) and e.pages[0].url) if e else None for e in (edition.prev, edition.next)],
    ]
    return _hash(json.dumps(parts, default=str))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


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


def _published_text(rel: str, out: Path) -> str | None:
    """A file in the output folder as the last build left it (one this build did not render again)."""
    path = out / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _assets(config: Config, fingerprint: bool, problems: Problems, names: dict[str, str]) -> dict[str, Path]:
    """{public path: source} of assets; CSS and JS get their content hash in the name
    (style.css -> assets/style.1a2b3c4d5e6f.css) so hosts can cache them for a year: a changed file is a
    new name.  Other assets (fonts, icons) may be named in CSS, so they keep their names.  `names` gets
    {name in assets/: public path}, which layouts look up (`assets['style.css']`)."""
    assets = {}
    for found in lookup(config.assets_dir, config.theme_dir / "assets").values():     # the paper's own first
        p, folder = found.path, found.folder
        if not p.resolve().is_relative_to(folder.resolve()):
            problems.error(p, say("pipeline.asset_outside"), hint=say("pipeline.asset_outside_hint"))
            continue
        rel = _fingerprinted(p, folder) if fingerprint else p.relative_to(folder).as_posix()
        assets[f"assets/{rel}"] = p
        names[found.rel] = f"assets/{rel}"
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

def _make_all(ctx: BuildContext, target: Target, jobs: list[Job]) -> list[tuple[Job, Made]]:
    """Every job, in forked workers when there is enough work: build its views, hash them, render those
    that changed into `staging` and, for an edition, make its offline ZIP while its pages are in memory."""
    batches: list[list[int]] = [[]]
    weight = 0
    for i, job in enumerate(jobs):          # editions weigh ~70 files each, most indexes 1: share them out
        if weight >= BATCH:
            batches.append([])
            weight = 0
        batches[-1].append(i)
        weight += job.weight
    total = sum(job.weight for job in jobs)

    def task(b: int) -> list[tuple[int, Made]]:
        return [(i, _make_job(ctx, target, jobs[i])) for i in batches[b]]
    reporter, problems = ctx.reporter, ctx.problems
    if reporter:
        reporter.start("pages", total)
    made, failed = [], []
    try:
        for results in in_workers(task, len(batches), ctx.options.jobs, parallel=total >= PARALLEL_FROM):
            for i, result in results:
                made.append((jobs[i], result))
                failed += result.failures
                problems.extend(result.problems)
                if reporter:
                    reporter.advance(jobs[i].weight)
    finally:
        if reporter:
            reporter.finish()
    problems.extend(_merge_failures(failed))
    return made


def _make_job(ctx: BuildContext, target: Target, job: Job) -> Made:
    renderer, config = ctx.loaded.renderer, ctx.loaded.config
    outputs, own, problems = {}, {}, Problems()
    for o in job.make():        # a group's files share a folder no other group writes to
        other = outputs.setdefault(o.path, o)
        if other is not o:
            problems.error(o.source or o.path, say("pipeline.written_twice", path=o.path,
                                                   other=other.source or say("pipeline.another_page")),
                           hint=say("pipeline.written_twice_hint"))
            continue
        own[o.path] = renderer.digest(o)
    made = Made(own, [], [], problems.items)
    texts = {}
    for o in outputs.values():
        if own[o.path] != target.previous.get(o.path) or not target.there(o.path):
            text, failure = _render_one(renderer, o, target.staging)
            if failure:
                made.failures.append(failure)
                continue
            made.rendered.append(o.path)
            if job.edition:
                texts[o.path] = text
    plan = offline_zip(config, job.edition, own, target.assets) if job.edition and ctx.options.offline else None
    if plan and not made.failures and not made.problems:
        own[plan.url] = plan.key
        make_offline_zip(plan, lambda rel: texts.get(rel) or _published_text(rel, ctx.out), target.copies,
                         config.base_url, problems)
    return made


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


def _render_one(renderer: Renderer, output: Output, staging: Staging) -> tuple[str | None, tuple[Problem, str] | None]:
    """(the text written to staging, None), or (None, (what went wrong, the file))."""
    try:
        text = renderer.render(output)
        staging.write(output.path, text)
    except jinja2.TemplateError as exc:      # before OSError: TemplateNotFound is an OSError too
        return None, (_template_problem(exc, renderer.config), output.path)
    except OSError as exc:
        return None, (Problem(output.source or output.path, say("pipeline.cannot_write", path=output.path, error=exc)),
                      output.path)
    except Exception as exc:        # a layout can fail in many ways (1 + "a", a bad filter argument): never crash
        return None, (_template_problem(exc, renderer.config), output.path)
    return text, None


def _template_problem(exc: Exception, config: Config) -> Problem:
    line, name = None, getattr(exc, "name", None) or "?"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        folder = next((f for f in (config.layouts_dir, config.theme_dir / "layouts")
                       if frame.filename.startswith(f"{f}{os.sep}")), None)
        if folder is not None:
            name, line = Path(frame.filename).relative_to(folder).as_posix(), frame.lineno
            break
    if isinstance(exc, jinja2.TemplateNotFound):
        what = say("pipeline.no_such_layout", name=exc.name)
    elif isinstance(exc, jinja2.TemplateError):
        what = str(exc)
    else:
        what = f"{type(exc).__name__}: {exc}"
    return Problem(f"layouts/{name}", say("pipeline.layout_failed", what=what), line, say("pipeline.layout_failed_hint"))
