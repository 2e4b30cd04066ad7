"""`check` without a build: every file a build would render, rendered in memory and checked one at a time.

As Zola's `check`: the content is loaded (its images' names and sizes worked out, none converted), each
file is rendered through the paper's layouts and checked as `check` checks a built site (a layout's error
with its file and line, broken links, images and anchors, feeds and sitemaps), then dropped.  Nothing is
written to the output folder nor to .cache/images; only the compiled layouts go to .cache/jinja, as a
build would compile and keep them.
"""
from __future__ import annotations

from ..config import BuildOptions, output_folder
from ..core import Problems
from ..engine import Loaded, produced_files, rendered_in_memory
from ..render import search_patterns
from .sitecheck import ContentCheck

__all__ = ["check_content"]


def check_content(loaded: Loaded, options: BuildOptions, problems: Problems) -> None:
    """Add to `problems` what a build of `loaded` with these options would make wrong."""
    config = loaded.config
    checker = ContentCheck(config, output_folder(config.root, options), produced_files(loaded, options),
                           config.keep + search_patterns(loaded.site), problems)
    for output, text in rendered_in_memory(loaded, options, problems):
        if output.path.endswith(".html"):
            checker.page(output.path, text, output.source)
        elif output.path.endswith(".xml"):
            checker.xml(output.path, text)
    again = checker.rendered_too_early()
    if again:        # anchors into pages rendered before the links to them: those pages' ids, rendered again
        for output, text in rendered_in_memory(loaded, options, Problems(), only=again):
            checker.recheck(output.path, text)
