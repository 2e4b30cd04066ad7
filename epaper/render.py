"""Jinja2: the layouts in `layouts/`, compiled once, and the digest of each layout with all it extends
or includes (so editing a layout re-renders exactly the files that use it)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import jinja2.meta
from markupsafe import Markup as Safe

from .config import Config
from .errors import Problems, not_utf8
from .markup import Markup
from .source import read_body
from .views import Output

__all__ = ["Renderer", "load_renderer"]

REQUIRED = ("base.html", "page.html", "article.html", "archive.html", "404.html")


class Renderer:
    def __init__(self, config: Config, env: jinja2.Environment, digests: dict[str, str], assets: dict[str, str]):
        self.config = config
        self.env = env
        self.digests = digests          # template name -> digest of it and everything it pulls in
        self.markup = Markup(config.trust_html, config.strings["footnote_back"])
        self.globals_digest = hashlib.blake2b(f"{config.digest}:{sorted(assets.items())}".encode(),
                                              digest_size=12).hexdigest()
        env.globals.update(site={"name": config.name, "language": config.language, "base_url": config.base_url,
                                 "description": config.description},
                           t=config.strings, assets=assets)

    def digest(self, output: Output) -> str:
        return output.digest(self.digests[output.template] + self.globals_digest)

    def render(self, output: Output) -> str:
        context = output.context
        article = context.get("article")
        if article is not None:
            context = {**context, "article": {**article, "body_html": self._body(article, context["root"])}}
        return self.env.get_template(output.template).render(context)

    def _body(self, article: dict, root: str) -> Safe:
        text = read_body(self.config, article["body"]["rel"])
        macros = self.env.get_template("_macros.html").module

        def picture(src: str, alt: str):
            pic = article["inline"].get(src)
            return str(macros.picture(dict(pic, alt=alt), root)) if pic else None
        return Safe(self.markup.convert(text, picture))


def load_renderer(config: Config, problems: Problems, assets: dict[str, str]) -> Renderer | None:
    """Compile every layout up front so a syntax error is reported (file:line) before anything is written."""
    layouts = config.layouts_dir
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_mkdir(config.cache_dir / "jinja"))),
    )
    sources, refs, ok = {}, {}, True
    paths = {p.relative_to(layouts).as_posix(): p for p in sorted(layouts.rglob("*.html"))} if layouts.is_dir() else {}
    for name, path in paths.items():
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            ok = False
            problems.extend([not_utf8(f"layouts/{name}", raw, exc)])
            continue
        sources[name] = text
        try:
            env.get_template(name)
            refs[name] = [r for r in jinja2.meta.find_referenced_templates(env.parse(text)) if r]
        except jinja2.TemplateSyntaxError as exc:
            ok = False
            problems.error(f"layouts/{name}", f"template syntax error: {exc.message}", exc.lineno,
                           "Check that every {% block %}, {% if %} and {% for %} is closed and every {{ }} is balanced.")
    for name in REQUIRED:
        if name not in paths:
            ok = False
            problems.error(f"layouts/{name}", "this layout is missing",
                           hint="Restore it from the project's layouts/ folder; every paper needs it.")
    if not ok:
        return None
    digests = {name: _closure_digest(name, sources, refs) for name in sources}
    return Renderer(config, env, digests, assets)


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


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
