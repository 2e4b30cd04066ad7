"""One build, stage by stage: config -> content -> model -> images -> views -> render -> output.

`load` does everything short of writing (it is what `check` runs); `build` then renders only the
files whose inputs changed since the last run and commits them to the output folder in one step.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import secrets
import shutil
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..config import BuildOptions, Config, load_config, lookup, output_folder, today_for_build
from ..core import Background, BuildReport, Problems, Reporter, say, trusted_cache, trusted_mtime
from ..media import make_tiles, merge_edition_pdfs, process_images, verify_published
from ..render import (IndexRecord, LastSearch, SearchReport, kept_search, load_renderer, update_search,
    warn_without_base_url)
from .builddb import BuildState, GroupRecords, load_state, save_state
from .builtfor import record_base_url
from .folderstamps import packed, published_id, save_shown, unpacked
from .generations import (Generation, Spare, load_shown, load_spare, mostly_changed, prepare, publish,
    save_spare, start_generation)
from .incremental import Changes, SavedEditionLost, assemble_site
from .making import BuildContext, Loaded, Plan, Target, copied_files, edition_group, make_all, offline_zips, plan_jobs
from .output import StagedSite, Staging, commit, one_build_at_a_time, sweep
from .quick import QuickCheck, check_unchanged, exists_in, quick_record, save_quick, state_file
from .tables import Table, shard_of_file

__all__ = ["build", "load"]

FINGERPRINTED = (".css", ".js")   # assets published under a content-hashed name
DELETE_APART_FROM = 5000    # a generation of this many files is deleted by a process of its own


def load(root: Path, options: BuildOptions, state: BuildState, problems: Problems,
         reporter: Reporter | None = None, changes: Changes | None = None) -> Loaded:
    """Read and check everything; raise SiteError listing every problem if anything is wrong.
    `changes`: what the caller knows changed in content/ since the last build with `state`."""
    root = root.resolve()
    problems.root = root
    changes = changes or Changes()
    config = load_config(root, problems, None if options.base_url is None else {"base_url": options.base_url})
    warn_without_base_url(config, problems)
    site, saved = assemble_site(config, options, state, problems, changes, root)
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
    return Loaded(config, site, pictures, stats, renderer, assets, saved)


def build(root: Path, options: BuildOptions = BuildOptions(), reporter: Reporter | None = None,
          state: BuildState | None = None, inspect: Callable[[Loaded], None] | None = None,
          touched: set[str] | None = None, checked: QuickCheck | None = None, held: list | None = None) -> BuildReport:
    """Build the site into the output folder; raise SiteError (public/ untouched) on any error.

    `state`: the record of the last build, kept by a caller that builds again and again into one folder
    (the preview server); it is updated only when the build succeeds, and .cache/state is left alone.
        `inspect` sees what was loaded (the preview server runs the preflight checks on it).
        `touched`: the edition folders that may have changed since the last build with this `state`
    (None: any); the preview server knows them from the file system's change events.
        `checked`: the no-change check of these inputs, when the caller made it already (the command line
    does, before it imports this module).
        `held` takes the build's state and model rather than their being freed, object by object, as it
    returns: the command line, which leaves at once, lets the system free them (cli.run).
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
        return _build(root, options, reporter, state, inspect, touched, checked, held)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _build(root: Path, options: BuildOptions, reporter: Reporter | None, state: BuildState | None,
           inspect: Callable[[Loaded], None] | None, touched: set[str] | None,
           checked: QuickCheck | None, held: list | None) -> BuildReport:
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
        try:
            return _build_alone(root, out, options, reporter, state, inspect, touched, checked, early, started, held)
        except SavedEditionLost:
            # The file of an edition taken as saved was removed or damaged (and deleted) since it was found:
            # nothing was published; this time each saved edition is read before it is taken.
            return _build_alone(root, out, options, reporter, state, inspect, touched, checked, early, started,
                                held, verify_saved=True)


def _tell_waiting(message: str) -> None:
    print(f"{message} ...", file=sys.stderr, flush=True)


def _build_alone(root: Path, out: Path, options: BuildOptions, reporter: Reporter | None, state: BuildState | None,
                 inspect: Callable[[Loaded], None] | None, touched: set[str] | None, checked: QuickCheck | None,
                 early: Config, started: float, held: list | None, verify_saved: bool = False) -> BuildReport:
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
    spare_path = state_path.with_suffix(".spare")
    spare = None if kept or options.clean else load_spare(spare_path, published_id(out))
    if not kept:
        state = load_state(state_path)
        gc.freeze()
        if not _describes(shown, out):
            _forget_outputs(state)
    warned = state.warnings + (checked.warnings if checked else trusted_cache(root))     # before --clean resets it
    previous = state.outputs                 # what the output folder holds from the last build
    last = LastBuild(previous, LastSearch(state.groups.search, previous))
    spare = spare if previous else None
    dropped = spare and mostly_changed(spare, previous) and spare.name
    if dropped:         # linking the shown site into a new generation costs less than replacing most files
        spare = None
    if options.clean:
        vars(state).update(vars(BuildState(shard_folder=state.shard_folder)))
    problems = Problems(root)
    problems.extend(warned)
    trusted = not kept and previous is state.outputs and _describes(shown, out)
    folders_path = state_path.with_suffix(".folders")      # the record of the folders of the generation shown
    folders_shown = trusted and load_shown(folders_path)
    # The command line's build makes the next generation of the site: the one shown before the one shown
    # now, brought up to date with it, or else a new one the shown site's files are hard-linked into;
    # either on the other core while this one loads.  A file not there is made again.  (The preview's
    # own folder is updated in place: nothing is looked up.)
    gen = None if kept else _start(out, early.cache_dir, spare and spare.name, dropped)
    if gen and spare and gen.folder.name == spare.name:
        gen.stamps = spare.stamps
    spare_path.unlink(missing_ok=True)      # the spare generation is changed from here on
    keep = early.keep
    synced = False
    try:
        differs = spare.differs if gen and spare and gen.folder.name == spare.name else None
        fallback = gen and gen.folder.with_name(f"g-{os.getpid()}-{secrets.token_hex(6)}")
        # Forked before the rest of the state is read: what this process reads and builds from here on is
        # not shared with it, so changing it costs no copy of a page.
        linking = gen and Background(lambda: _timed(lambda: _sendable(prepare(gen, differs, state.outputs, keep,
                                                                              fallback))))
        state.settle()      # while the other core brings the new generation up to date
        snapshot = _inputs_snapshot(state)
        try:
            loaded = load(root, options, state, problems, reporter,
                          Changes(touched, checked and checked.take_listing(), checked and checked.editions, verify_saved))
            state.keep_saved(loaded.saved)
            # Planned while the other core brings the new generation up to date (again below in the rare
            # case where it finds files of the site missing).
            plan = plan_jobs(loaded, state, options, set()) if linking else None
        finally:
            (folder, missing, kept_files, stamps), syncing = (linking.result() if linking
                                                             else ((None, set(), set(), None), 0.0))
            if folder and folder != gen.folder:     # the spare could not be changed: a new generation
                gen.folder = folder
            if gen:
                gen.stamps = None if stamps is None else unpacked(marshal.loads(stamps)).table()
            synced = True
        gc.freeze()
        if inspect:
            inspect(loaded)
        if plan is None or missing:
            plan = plan_jobs(loaded, state, options, missing)
        published = _make_and_publish(BuildContext(loaded, options, out, problems, reporter), state, last, gen,
                                      missing, kept_files, plan, shown, folders_shown)
    except BaseException:
        if gen and synced and trusted and not gen.written:      # it holds the site shown: keep it spare
            save_spare(spare_path, Spare(gen.folder.name, None if gen.stamps is None else packed(gen.stamps),
                                             dict.fromkeys(missing)), published_id(out))
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
        save_shown(folders_path, gen.folder.name, gen.stamps)
    if published.spare:         # the generation shown before: this build's files differ there
        differs = {p: None if p in missing else previous.get(p) for p in [*rendered, *copy_todo]}
        save_spare(spare_path, replace(published.spare, differs=differs), gen.folder.name)

    counts = (len(site.editions), sum(len(e.outline.page_urls) for e in site.editions),
              sum(e.outline.articles for e in site.editions), len(loaded.pictures))
    if signature and gen:
        save_quick(quick_record(signature, options.today, timezone, gen.folder, gen.stamps, counts,
                                problems.warnings),
                   state_path.with_suffix(".quick"))
    if held is not None:
        held += [state, loaded, published]
    return BuildReport(
        *counts, images_processed=loaded.image_stats.processed,
        images_cached=loaded.image_stats.cached, written=len(rendered) + len(copy_todo), removed=len(stale),
        seconds=time.perf_counter() - started, warnings=problems.warnings,
        changed=sorted(rendered + list(copy_todo) + stale), search=published.search,
        publish=None if kept else (syncing, published.publishing))


@dataclass
class Written:
    """What a build made and published."""
    digests: Table              # every file of the site -> the digest of what made it
    groups: GroupRecords
    indexes: IndexRecord
    rendered: list[str]
    copied: dict[str, Path]
    stale: list[str]            # files of the last build that nothing makes any more
    spare: Spare | None = None  # the generation shown before, kept for the next build to bring up to date
    search: SearchReport | None = None
    publishing: float = 0.0     # seconds to complete the new generation and show it


def _sendable(prepared: tuple) -> tuple:
    """What `prepare` returns, with the record of the generation's folders packed and marshalled: it comes
    back from the other process through a pipe, and marshal writes such values many times faster than
    pickle writes a table."""
    folder, missing, kept, stamps = prepared
    return folder, missing, kept, None if stamps is None else marshal.dumps(packed(stamps).plain())


def _timed(task: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    return task(), time.perf_counter() - started


@dataclass
class LastBuild:
    """What the last build recorded of the output folder (before a --clean build forgets it)."""
    outputs: Table              # every file -> the digest of what made it
    search: LastSearch          # the search index's parts and their files


def _make_and_publish(ctx: BuildContext, state: BuildState, last: LastBuild, gen: Generation | None,
                      missing: set[str], kept_files: set[str], plan: Plan, shown: Path, trusted: bool | Spare) -> Written:
    loaded, options, out, problems = ctx.loaded, ctx.options, ctx.out, ctx.problems
    config, site = loaded.config, loaded.site
    digests, groups, indexes, jobs = plan.digests, plan.groups, plan.indexes, plan.jobs
    copies = copied_files(loaded)
    outputs = state.outputs
    # In a new generation, a file is there when it was linked from the site shown now.
    there = exists_in(out) if gen is None else (lambda p: p in outputs and p not in missing)
    # A merged PDF about to be published is checked first; a damaged one is merged again.
    copies.update(merge_edition_pdfs(config, site, problems,
                                     lambda url, cached: _stat_digest(cached) != outputs.get(url) or not there(url)))
    problems.raise_if_errors()
    digests.update({path: _stat_digest(src) for path, src in copies.items()})
    loose = set(copies)         # the files outside groups (GroupRecords.loose)
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
        made = make_all(ctx, Target(outputs, there, staging, copies, assets), jobs)
        problems.raise_if_errors()
        rendered = []
        for job, result in made:
            if job.edition:
                result.own.update(tiles.digests.get(job.edition.key, {}))
            digests.update(result.own)
            rendered += result.rendered
            if job.group:
                groups.add(job.group, job.fingerprint, result.own)
            else:
                loose.update(result.own)
        searched = (update_search(site, lambda e: groups.fingerprints[edition_group(e.key)],
                                  LastSearch() if options.clean else last.search, missing,
                                  StagedSite(out, staging, rendered), config.language, options.jobs, problems)
                    if options.search else kept_search(last.search))
        problems.raise_if_errors()
        for rel in searched.dropped:
            digests.pop(rel, None)
        digests.update(searched.files)
        groups.loose, groups.search = frozenset(loose), searched.parts
        rendered += searched.written
        copies.update(offline_zips(config, site, digests))
        copy_todo = {p: s for p, s in copies.items() if digests[p] != outputs.get(p) or not there(p) or p in remade}
        if gen is None:
            stale = last.outputs.not_in(digests) + searched.leftover
            commit(out, staging, rendered, copy_todo, stale)
        else:
            # Of the files linked from the site shown, only those the plan or search dropped may be left over.
            stale = sorted(p for p in plan.dropped.union(searched.dropped)
                           if p in outputs and p not in digests and p not in missing and p not in kept_files)
            # Until the state of this build is saved, no state describes the site shown (a kill in between).
            shown.unlink(missing_ok=True)
            spare, publishing = _timed(lambda: _publish(gen, staging, rendered, copy_todo, stale,
                                                        len(outputs) - len(missing), trusted))
    except BaseException:
        if gen is None:
            staging.discard()
        raise
    return Written(digests, groups, indexes, rendered, copy_todo, stale, None if gen is None else spare,
                   searched.report, 0.0 if gen is None else publishing)


def _start(out: Path, cache: Path, spare: str | None, dropped: str | None) -> Generation:
    sweep(cache / "staging", "run-")        # the preview's scratch folders, of previews that were killed
    try:
        return start_generation(out, spare, dropped)
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
    state.settle()
    state.outputs, state.groups, state.indexes = Table(shard_of_file), GroupRecords(), None


def _inputs_snapshot(state: BuildState) -> tuple:
    """What the loading stages may update in the state, to tell whether it must be saved again.  A build
    replaces the group records and the indexes' record with its own (compared with the last build's when it
    is over), and updates the images' records in place (copied); a change of the saved editions sets
    `state.changed` (BuildState.keep_saved)."""
    state.changed = False
    return dict(state.images.get("hashes", {})), dict(state.images.get("sizes", {})), state.groups, state.indexes


def _inputs_changed(state: BuildState, before: tuple) -> bool:
    return state.changed or _inputs_snapshot(state) != before


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
