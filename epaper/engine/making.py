"""What a build makes: the groups of files whose inputs changed, planned from the records of the last
build, each made whole in a forked worker (its views built, hashed, the changed ones rendered into the
staging folder, an edition's offline ZIP made from its pages in memory); or, for `check`, every file
rendered in memory and written nowhere.
"""
from __future__ import annotations

import json
import os
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from ..config import BuildOptions, Config, source_day
from ..core import Problem, Problems, Reporter, in_workers, say, text_digest
from ..media import (ImageStats, Picture, edition_pdf_url, make_offline_zip, offline_url, offline_zip, tile_files,
    zip_in_cache, zips_in_cache)
from ..model import Edition, Site
from ..render import (IndexRecord, Output, Renderer, VERSION as MANIFEST_VERSION, changed_indexes,
    edition_outputs, feed_outputs, index_fingerprint, index_pages, manifest_output, overview_pages, site_outputs)
from .builddb import BuildState, GroupRecords, SavedEdition
from .output import Staging
from .tables import Table

__all__ = ["BuildContext", "Job", "Loaded", "Made", "Plan", "Target", "copied_files", "edition_group", "make_all",
           "offline_zips", "plan_jobs", "produced_files", "rendered_in_memory"]

PARALLEL_FROM = 300     # below this many files to make, forking workers costs more than it saves
BATCH = 40              # files (about) handed to a worker at a time
ROUND = 400             # batches made by one set of forked workers before fresh ones are forked (see make_all)


@dataclass
class Loaded:
    config: Config
    site: Site
    pictures: dict[str, Picture]
    image_stats: ImageStats
    renderer: Renderer
    assets: dict[str, Path] = field(default_factory=dict)     # public (fingerprinted) path -> source file
    saved: dict[str, SavedEdition] = field(default_factory=dict)   # the editions to save whole for the next build


@dataclass
class BuildContext:
    """What every step after loading works with: made once, passed whole."""
    loaded: Loaded              # the config, the site, its pictures, the renderer
    options: BuildOptions       # `today` filled in: the day the whole build takes as today
    out: Path                   # the output folder
    problems: Problems
    reporter: Reporter | None


@dataclass
class Plan:
    """What a build is to make: the groups of files kept as they were (their digests and records), the
    record of the indexes, and a job for each of the other groups."""
    digests: Table
    groups: GroupRecords
    indexes: IndexRecord
    jobs: list[Job]
    # The last build's files not carried (those of the groups made again or gone, and the loose ones): of
    # the files the output folder holds, the only ones this build may not make again.
    dropped: set[str] = field(default_factory=set)


@dataclass
class Target:
    """Where the jobs' files are rendered, and what the output folder holds already."""
    previous: dict[str, str]            # public path -> digest, as the last build recorded it
    there: Callable[[str], bool]        # a file is in the output folder (or the new generation)
    staging: Staging
    copies: dict[str, Path]             # files published as they are (the offline ZIPs take them)
    assets: list[tuple[str, str]]       # (public path, digest) of the assets


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


def produced_files(loaded: Loaded, options: BuildOptions) -> set[str]:
    """Every file a build with these options makes of what was loaded (its views are built, not
    rendered): what `check` holds the output folder against."""
    files = {o.path for job in plan_jobs(loaded, BuildState(), options, set()).jobs for o in job.make()}
    files.update(copied_files(loaded))
    files.update(tile_files(loaded.site.editions, loaded.pictures))
    for edition in loaded.site.editions:
        files.update(u for u in (edition_pdf_url(edition), options.offline and offline_url(edition)) if u)
    return files


def rendered_in_memory(loaded: Loaded, options: BuildOptions, problems: Problems,
                       only: set[str] | None = None) -> Iterator[tuple[Output, str]]:
    """(output, its text) of every file a build with these options renders (or of those in `only`), one
    group of files at a time, nothing written: what `check` checks without a build.  A layout that fails
    is added to `problems` with its file and line, once a layout line, as a build reports it."""
    failed = []
    for job in plan_jobs(loaded, BuildState(), options, set()).jobs:
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


def plan_jobs(loaded: Loaded, state: BuildState, options: BuildOptions,
              missing: set[str]) -> Plan:
    """The groups of files to keep as they were, and a job for each of the others.

    Files come in groups, each with a fingerprint of what its files are made from: an edition (its
    sources, images, neighbours, layouts and config) and an index (its articles).  A group whose
    fingerprint is the same as last time keeps the digests recorded then, without building its views
    again, unless one of its files is `missing` from the output folder (`rm -rf public`) or its offline
    ZIP from the cache.  An index none of whose editions changed is kept without being fingerprinted.
    """
    renderer, pictures, config = loaded.renderer, loaded.pictures, loaded.config
    jobs: list[Job] = []
    planned: set[str] = set()           # every group this build has, kept or made again
    intact = missing.isdisjoint          # none of these files went missing
    zipped = zips_in_cache(config) if options.offline else None

    def plan(group: str, fingerprint: str, make: Callable[[], list[Output]], weight: int,
             edition: Edition | None = None) -> None:
        """Keep the group as recorded, or add a job to make it (later: `make` binds its loop's values)."""
        planned.add(group)
        # A group has its files when it has a fingerprint; they are read only when some went missing.
        if not (state.groups.fingerprints.get(group) == fingerprint
                and (not missing or intact(state.groups.files[group]))
                and (edition is None or _zip_kept(edition, state.outputs, zipped))):
            jobs.append(Job(group, fingerprint, make, weight, edition))

    for edition in loaded.site.editions:
        plan(edition_group(edition.key), _edition_fingerprint(loaded, edition, options),
             lambda edition=edition: edition_outputs(config, edition, pictures, options.offline)
             + [manifest_output(config, edition, pictures, options.offline)],
             edition.outline.articles + len(edition.outline.page_urls) + 2, edition)
    made_by = f"{renderer.digests.get('listing.html')}:{renderer.globals_digest}:{options.drafts}"
    indexes, record, changed = changed_indexes(loaded.site, pictures, made_by,
                                               state.indexes if state.indexes and not missing else IndexRecord())
    listed = {}
    for (kind, name), items in indexes.items():
        plan(f"{kind}:{name}", f"{made_by}:{index_fingerprint(kind, items, pictures)}",
             lambda kind=kind, name=name, items=items: index_pages(config, kind, name, items, pictures, listed),
             1 + len(items) // config.index_page_size)
    made_by = f"{renderer.digests.get('indexes.html')}:{renderer.globals_digest}"
    same = changed is not None and state.indexes.overview_by == made_by
    overview, kept = overview_pages(config, record.counts, changed if same else None)
    if not all(f"overview:{path}" in state.groups.files for path in kept):       # a kind split by initial now
        overview, kept = overview_pages(config, record.counts)
    planned.update(f"overview:{path}" for path in kept)
    record = replace(record, overview_by=made_by, overview=(*kept, *(page.path for page in overview)))
    for page in overview:
        plan(f"overview:{page.path}", text_digest(f"{made_by}\n{page.made_from}"), lambda page=page: [page],
             1 + len(page.made_from) // 2000)
    news_day = source_day()     # never the clock: the same input builds the same feeds
    jobs.append(Job(None, "", lambda: site_outputs(config, loaded.site, pictures, options.offline)
                    + feed_outputs(config, loaded.site, news_day), 10))
    gone = (state.groups.files.keys() - planned) if changed is None else _gone(state.indexes, record, changed)
    digests, groups, dropped = _carried(state, gone, jobs)
    return Plan(digests, groups, record, jobs, dropped)


def _gone(last: IndexRecord, record: IndexRecord, changed: set) -> set[str]:
    """The groups of the last build that this one has no more, found from what changed when the indexes
    are planned from their editions' changes (not every index being planned, the groups planned are not
    all the groups there are): the editions gone, the indexes no edition lists any more, the overview's
    pages of initials no name starts with now."""
    gone = {edition_group(key) for key in last.editions.keys() - record.editions.keys()}
    gone.update(f"{kind}:{name}" for kind, name in changed if (kind, name) not in record.counts)
    gone.update(f"overview:{path}" for path in set(last.overview).difference(record.overview))
    return gone


def _carried(state: BuildState, gone: set[str], jobs: list[Job]) -> tuple[Table, GroupRecords, set[str]]:
    """The digests and records of the groups kept: the last build's, whole, less the groups made again or
    `gone` and the files made outside groups (made again, or copied, every time); and the files left out.
    A build keeps nearly every group (ten years: 140,000), and copying the record whole costs far less than
    a step a group.  The search index's files are carried too: search drops those of the parts it makes
    again."""
    recorded = state.groups
    dropped = (gone & recorded.files.keys()).union(job.group for job in jobs if job.group in recorded.files)
    digests = state.outputs.copy()
    left_out = set(recorded.loose)
    groups = GroupRecords(recorded.fingerprints.copy(), recorded.files.copy())
    for group in dropped:
        left_out.update(groups.files[group])
        groups.drop(group)
    for path in left_out:
        digests.pop(path, None)
    return digests, groups, left_out


def edition_group(key: str) -> str:
    """The name of the group of an edition's files (by its key) in the build's records."""
    return f"edition:{key}"


def _zip_kept(edition: Edition, digests: Table, zipped: Callable[[Edition, str], bool] | None) -> bool:
    """The edition's offline ZIP, as recorded, is still in the cache (`zipped`), or the build makes none
    (`zipped` is None) or the edition has none."""
    url = offline_url(edition) if zipped else None
    return url is None or (url in digests and zipped(edition, digests[url]))


def offline_zips(config: Config, site: Site, digests: dict[str, str]) -> dict[str, Path]:
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
        [(e.key, e.outline.page_urls[0]) if e else None for e in (edition.prev, edition.next)],
    ]
    return text_digest(json.dumps(parts, default=str))


def copied_files(loaded: Loaded) -> dict[str, Path]:
    """Files published as they are: resized images from the cache, page PDFs, assets."""
    config = loaded.config
    cache = config.cache_dir / "images"
    copies: dict[str, Path] = {}
    for pic in loaded.pictures.values():
        for v in pic.variants:
            copies[v.url] = cache / v.cache_file
    published = ("pdf", "photo") if config.publish_originals else ("pdf",)
    for edition in loaded.site.editions:
        for named in edition.outline.files:
            if named.role in published:
                copies[named.rel] = Path(named.path)
    copies.update(loaded.assets)
    return copies


def _published_text(rel: str, out: Path) -> str | None:
    """A file in the output folder as the last build left it (one this build did not render again)."""
    path = out / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


def make_all(ctx: BuildContext, target: Target, jobs: list[Job]) -> list[tuple[Job, Made]]:
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
        # A forked worker copies each page of the parent's memory whose objects it touches (their reference
        # counts change): over a whole archive, most of it.  Workers forked again every ROUND batches hold
        # copies of what one round touched, not of the whole model.
        for first in range(0, len(batches), ROUND):
            round_ = range(first, min(first + ROUND, len(batches)))
            for results in in_workers(lambda n: task(round_[n]), len(round_), ctx.options.jobs,
                                      parallel=total >= PARALLEL_FROM):
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
