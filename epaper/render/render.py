"""Jinja2: the layouts in `layouts/`, compiled once, and the digest of each layout with all it extends
or includes (so editing a layout re-renders exactly the files that use it)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import jinja2
import jinja2.meta
from markupsafe import Markup as Safe, escape

from ..config import Config, ThemeFile, lookup
from ..content import read_body
from ..core import (JinjaSpeedups, Problems, code_digest, jinja_speedups, not_utf8, say, sign, verified,
    write_atomic)
from .feeds import WRITERS, WRITERS_VERSION
from .markup import Markup
from .views import JSON_OUTPUT, Output

__all__ = ["Renderer", "load_renderer"]

REQUIRED = ("base.html", "page.html", "article.html", "archive.html", "404.html", "listing.html", "indexes.html")


# Plain-data files are for programs: compact, which json's C encoder writes (an indent would send them
# through Python's own, slower encoder).
_JSON_STYLE = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}   # NaN is not JSON


class Renderer:
    def __init__(self, config: Config, env: jinja2.Environment, digests: dict[str, str], assets: dict[str, str],
                 key: tuple = ()):
        self.config = config
        self.key = key                  # the layout sources, site.yaml and assets it was made from
        self.env = env
        self.digests = digests          # template name -> digest of it and everything it pulls in
        self.markup = Markup(config.trust_html, config.strings["footnote_back"])
        self._templates: dict[str, jinja2.Template] = {}
        self.globals_digest = hashlib.blake2b(f"{config.digest}:{sorted(assets.items())}:{code_digest()}".encode(),
                                              digest_size=12).hexdigest()

    def digest(self, output: Output) -> str:
        if output.template == JSON_OUTPUT:      # the context is the whole file: only how it is written goes in
            return output.digest(f"{JSON_OUTPUT}{_JSON_STYLE}")
        made_by = WRITERS_VERSION if output.template in WRITERS else self.digests[output.template]
        return output.digest(made_by + self.globals_digest)

    def render(self, output: Output) -> str:
        context = output.full_context()
        if output.template in WRITERS:      # sitemaps, feeds, robots.txt: written, not drawn with a layout
            return WRITERS[output.template](context)
        if output.template == JSON_OUTPUT:
            return json.dumps(context, **_JSON_STYLE) + "\n"
        article = context.get("article")
        if article is not None:
            context = {**context, "article": {**article, "body_html": self._body(article, context["root"])}}
        return self._template(output.template).render(context)

    def _template(self, name: str) -> jinja2.Template:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template

    def _body(self, article: dict, root: str) -> Safe:
        text = read_body(self.config, article["body"]["rel"])
        inline = article["inline"]

        def picture(src: str, alt: str):
            pic = inline.get(src)
            return str(self._template("_macros.html").module.picture(dict(pic, alt=alt), root)) if pic else None
        return Safe(self.markup.convert(text, picture if inline else None))


class _Environment(jinja2.Environment):
    """Contexts are plain dicts (views.py), so `{{ a.title }}` looks for a key first.  Jinja tries an
    attribute first, and on a dict that fails with an exception, which is costly on every lookup."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class _FastEnvironment(JinjaSpeedups, _Environment):
    """The same layouts written the same, with speedups.py's tricks for the Jinja it was written for."""


ONCE_KEPT = 512      # fragments `once` keeps: a worker renders an edition's files together, so a few editions' worth
_BY_VALUE = (str, int, float, type(None))


def _once() -> Callable[..., Safe]:
    """`once(macro, *args)` in a layout: the macro's output for these arguments, made once in this process.

    An edition's page list, each page's headlines and the masthead are the same in all of its ~60 files:
    made once, not once a file, where they are a large part of an article's rendering.  Text and numbers
    are known by value, anything else by identity: an edition's dicts and lists (views.py makes them once per edition and
    build, shared by its files; the entry keeps them, so their ids are not reused)."""
    made: dict[tuple, tuple[tuple, Safe]] = {}

    def once(macro, *args) -> Safe:
        key = (macro, *(a if isinstance(a, _BY_VALUE) else id(a) for a in args))
        hit = made.get(key)
        if hit is None:
            if len(made) >= ONCE_KEPT:
                made.clear()
            hit = made[key] = (args, macro(*args))
        return hit[1]
    return once


def _mark_current(html: str, href: str) -> Safe:
    """`html` with its link to `href` marked as the page being read (aria-current)."""
    if not href:
        return Safe(html)
    link = f'href="{escape(href)}"'
    return Safe(str(html).replace(link, f'{link} aria-current="page"', 1))


def load_renderer(config: Config, problems: Problems, assets: dict[str, str],
                  last: Renderer | None = None) -> Renderer | None:
    """Compile every layout up front so a syntax error is reported (file:line) before anything is written.

    `last`: the renderer of the caller's last build (the preview server builds again and again): while the
    layouts, site.yaml and assets are the same, it serves again, its templates compiled, their digests known."""
    theme = config.theme_dir / "layouts"
    sources, ok = {}, True
    # The paper's layouts/ first, then the theme's: a layout's digest is made from the text of the file
    # used, so adding or removing an override re-renders what uses that layout.
    paths = lookup(config.layouts_dir, theme, "*.html")
    for name, found in paths.items():
        raw = found.path.read_bytes()
        try:
            sources[name] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            ok = False
            problems.extend([not_utf8(_shown(config, found), raw, exc)])
    for name in REQUIRED:
        if name not in paths:
            ok = False
            problems.error(f"layouts/{name}", say("render.missing_layout"),
                           hint=say("render.missing_layout_hint", theme=theme.parent))
    made_from = (str(config.root), config.digest, tuple(sorted(sources.items())), tuple(sorted(assets.items())))
    if ok and last is not None and last.key == made_from:
        return last
    env = (_FastEnvironment if jinja_speedups() else _Environment)(
        # Compiled once per build (or per set of layout sources, see `last`): never look at the files again.
        loader=jinja2.FileSystemLoader([str(config.layouts_dir), str(theme)]), auto_reload=False, autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=_SignedBytecodeCache(_mkdir(config.cache_dir / "jinja"), problems),
    )
    # tojson (JSON-LD) still writes <, >, & and ' as \u escapes; the rest of the text stays readable.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.filters["mark_current"] = _mark_current
    env.globals.update(site={"name": config.name, "language": config.language, "base_url": config.base_url,
                             "description": config.description},
                       t=config.strings, assets=assets, once=_once())
    refs, found = {}, {}
    known = _known_refs(config.cache_dir / "jinja" / "refs.signed")
    for name, text in sources.items():
        try:
            env.get_template(name)
            key = hashlib.blake2b(f"{name}\0{text}".encode(), digest_size=12).hexdigest()
            refs[name] = found[key] = known[key] if key in known else \
                [r for r in jinja2.meta.find_referenced_templates(env.parse(text)) if r]
        except jinja2.TemplateSyntaxError as exc:
            ok = False
            problems.error(_shown(config, paths[name]), say("render.syntax_error", error=exc.message), exc.lineno,
                           say("render.syntax_error_hint"))
    if not ok:
        return None
    if found != known:
        _save_refs(config.cache_dir / "jinja" / "refs.signed", found)
    digests = {name: _closure_digest(name, sources, refs) for name in sources}
    return Renderer(config, env, digests, assets, made_from)


def _shown(config: Config, found: ThemeFile) -> str:
    """How a problem names a layout: by its path in the paper, or where the theme keeps it."""
    if found.folder == config.layouts_dir:
        return f"layouts/{found.rel}"
    return found.path.as_posix()


def _known_refs(path: Path) -> dict[str, list[str]]:
    """The layouts each layout pulls in, by a hash of its name and text, as found by the last build: finding
    them again parses every layout (the compiled ones come from Jinja's bytecode cache).  Signed like the
    rest of the cache: a planted list that left out an include would leave pages stale when it changes."""
    try:
        blob = path.read_bytes()
        signed = verified(f"jinja/{path.name}", blob)
        known = json.loads(signed[0]) if signed and signed[1] == len(blob) else {}
        return known if isinstance(known, dict) and all(isinstance(v, list) for v in known.values()) else {}
    except (OSError, ValueError):
        return {}


def _save_refs(path: Path, known: dict[str, list[str]]) -> None:
    try:
        text = json.dumps(known, sort_keys=True).encode()
        write_atomic(path, sign(f"jinja/{path.name}", text) + text)
    except OSError:
        pass        # only a cache: the next build parses the layouts again


def _closure_digest(name: str, sources: dict, refs: dict) -> str:
    seen, todo = set(), [name]
    while todo:
        n = todo.pop()
        if n in seen or n not in sources:
            continue
        seen.add(n)
        todo.extend(refs.get(n, ()))
    h = hashlib.blake2b(digest_size=12)
    for n in sorted(seen):
        h.update(n.encode() + b"\0" + sources[n].encode() + b"\0")
    return h.hexdigest()


class _SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled layouts in .cache/jinja/, each file signed (trust.py): compiled code (and the
    pickled checksum Jinja keeps with it) is loaded only from a file this user's builds wrote."""

    def __init__(self, folder: Path, problems: Problems):
        self.folder, self.problems = folder, problems

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}.signed"
        try:
            blob = path.read_bytes()
        except OSError:
            return
        try:
            signed = verified(f"jinja/{path.name}", blob)
        except OSError:         # no key (reported where images need it): compiled from source
            return
        if signed is None or signed[1] != len(blob):
            self.problems.warn(f".cache/jinja/{path.name}", say("render.compiled_ignored"),
                               hint=say("render.compiled_ignored_hint"))
            return
        bucket.bytecode_from_string(signed[0])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}.signed"
        try:
            code = bucket.bytecode_to_string()
            write_atomic(path, sign(f"jinja/{path.name}", code) + code)
        except OSError:
            pass        # only a cache: the layout is compiled again next time


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
