"""`site.yaml`: declared options (type, default, check, doc) validated into a frozen `Config`.

Every problem names the key path and its line in site.yaml; unknown keys are warnings naming the
closest known key.  `Config.digest` changes whenever any option does, which forces a full rebuild.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import string
import zoneinfo
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from ..core import MESSAGES, Problems, YamlError, closest, excerpt, key_line, not_utf8, parse_yaml, say
from .strings import STRINGS, strings_for
from .theme import builtin_theme

__all__ = ["BuildOptions", "Config", "DEPLOY_OPTIONS", "OPTIONS", "load_config", "output_folder", "parse_config",
           "source_day", "today_for_build", "unsafe_output"]

IMAGE_FORMATS = ("webp", "jpeg", "avif")
_URL_SAFE = re.compile(r"[A-Za-z0-9/#._~-]*")     # needs no quoting (the usual case: quote() is slow)


@dataclass(frozen=True)
class Option:
    default: Any
    check: Callable[[Any], str | None]   # returns what is wrong, or None
    doc: str


def _is_str(v):
    return None if isinstance(v, str) else say("config.expected_text", kind=_kind(v))


def _is_bool(v):
    return None if isinstance(v, bool) else say("config.expected_bool", kind=_kind(v))



def _is_language(v):
    if not isinstance(v, str) or v not in STRINGS:
        return say("config.expected_language", choices=", ".join(STRINGS), value=excerpt(v))
    return None


def _is_base_url(v):
    if not isinstance(v, str):
        return say("config.expected_text", kind=_kind(v))
    parts = urlsplit(v)
    if v and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment):
        return say("config.expected_base_url", value=excerpt(v))
    return None


def _positive_ints(v):
    if not isinstance(v, list) or not v or not all(isinstance(x, int) and not isinstance(x, bool) and 16 <= x <= 8000 for x in v):
        return say("config.expected_widths", value=excerpt(v))
    return None


def _timezone(v):
    if v == "":
        return None
    try:
        zoneinfo.ZoneInfo(v)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return say("config.expected_timezone", value=excerpt(v))
    return None


def _positive_int(v):
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        return say("config.expected_whole_number", value=excerpt(v))
    return None


def _formats(v):
    if not isinstance(v, list) or not v or any(x not in IMAGE_FORMATS for x in v):
        return say("config.expected_formats", choices=", ".join(IMAGE_FORMATS), value=excerpt(v))
    return None


def _qualities(v):
    if not isinstance(v, dict) or any(k not in IMAGE_FORMATS or not isinstance(q, int) or not 1 <= q <= 100
                                      for k, q in v.items()):
        return say("config.expected_qualities", value=excerpt(v))
    return None


def _string_table(v):
    if not isinstance(v, dict):
        return say("config.expected_strings", value=excerpt(v))
    return None


def _keep_globs(v):
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip("/") and ".." not in x.split("/")
                                          and not x.startswith("/") for x in v):
        return say("config.expected_keep", value=excerpt(v))
    return None


def _is_mapping(v):
    return None if isinstance(v, dict) else say("config.expected_mapping", kind=_kind(v))


def _endpoint(v: str):
    parts = urlsplit(v)
    if v and (parts.scheme not in ("http", "https") or not parts.hostname):
        return say("config.expected_endpoint", value=excerpt(v))
    return None


_REGION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _region(v: str):
    if v and not _REGION.fullmatch(v):
        return say("config.expected_region", value=excerpt(v))
    return None


# `deploy:` in site.yaml, for `build.py deploy`.  Where the site goes, never who may put it there:
# credentials come from the AWS environment variables or ~/.aws/, never from a file in the repository.
DEPLOY_OPTIONS: dict[str, Option] = {
    "bucket": Option("", _is_str, "Bucket that `epaper deploy` uploads public/ to."),
    "prefix": Option("", _is_str, "Folder in the bucket for the site, e.g. paper/ (default: the bucket's top)."),
    "endpoint_url": Option("", lambda v: _is_str(v) or _endpoint(v), "Address of an S3-compatible service (MinIO, R2, OSS, ...); empty for AWS S3."),
    "region": Option("", lambda v: _is_str(v) or _region(v), "Region of the bucket, e.g. eu-central-1 (default: from the AWS configuration)."),
}
_CREDENTIAL_WORDS = ("key", "secret", "token", "password", "credential")

OPTIONS: dict[str, Option] = {
    "name": Option("电子报", _is_str, "The newspaper's name, shown in the masthead and titles."),
    "language": Option("zh-CN", _is_language, "Language of the reader's interface and of the tool's messages: zh-CN or en."),
    "base_url": Option("", _is_base_url, "Public address of the site, e.g. https://paper.example.com/ (for canonical links, feeds, sitemaps)."),
    "description": Option("", _is_str, "One sentence about the paper, for search engines and feeds."),
    "timezone": Option("", _timezone, "Time zone of the paper's dates, e.g. Asia/Shanghai: an edition is "
                                      "published from 00:00 of its date there (empty: the computer's clock)."),
    "image_widths": Option([480, 960, 1600], _positive_ints, "Widths of published article photos; never upscaled."),
    "scan_widths": Option([240, 1000, 2000], _positive_ints, "Widths of page scans: thumbnail, page view, zoom."),
    "image_formats": Option(["webp", "jpeg"], _formats, "Formats of published photos, best first (webp, jpeg, avif)."),
    "image_quality": Option({"webp": 80, "jpeg": 82, "avif": 60}, _qualities, "Encoder quality per format."),
    "publish_originals": Option(False, _is_bool, "Also publish the original photo files (off: only resized copies)."),
    "trust_html": Option(False, _is_bool, "Keep raw HTML in article bodies as written (off: sanitized by an allow-list)."),
    "index_page_size": Option(30, _positive_int, "Entries per page of section, author and photographer indexes."),
    "max_article_kb": Option(1024, _positive_int, "Largest article file, in KB (1024 = 1 MB): a bigger one is an "
                                                   "error, most often a file pasted by mistake."),
    "strings": Option({}, _string_table, "Overrides of interface words, by key (see epaper/config/strings.py)."),
    "theme": Option("", _is_str, "Folder of another theme (its layouts/ and assets/), relative to the paper; "
                                 "empty: the theme that comes with epaper.  The paper's own layouts/ and assets/ "
                                 "override the theme file by file."),
    "deploy": Option({}, _is_mapping, "Where `epaper deploy` uploads the site: " + ", ".join(DEPLOY_OPTIONS) + "."),
    "keep": Option([], _keep_globs, "Files in public/ that the paper puts there itself and a build keeps, as patterns "
                   "relative to public/ (e.g. [_headers, \"google*.html\"]); every other file not made from content/ "
                   "is removed by the build and reported by `check`."),
}


@dataclass(frozen=True)
class Config:
    root: Path
    name: str
    language: str
    base_url: str
    description: str
    timezone: str
    image_widths: tuple[int, ...]
    scan_widths: tuple[int, ...]
    image_formats: tuple[str, ...]
    image_quality: dict
    publish_originals: bool
    trust_html: bool
    index_page_size: int
    strings: dict = field(hash=False)
    deploy: dict = field(hash=False, default_factory=dict)
    keep: tuple[str, ...] = ()
    digest: str = ""
    theme: str = ""             # as written in site.yaml; theme_dir is the folder
    max_article_kb: int = 1024

    def absolute(self, rel: str) -> str:
        """The public address of a site-relative path ('' without base_url: nothing is absolute then)."""
        if not self.base_url:
            return ""
        return self.base_url + (rel if _URL_SAFE.fullmatch(rel) else quote(rel, safe="/#.-_~"))

    # Asked for per edition by every build: the Path is made once.
    @cached_property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def theme_dir(self) -> Path:
        """The theme's folder: the one site.yaml names, or the one that comes with epaper."""
        return self.root / self.theme if self.theme else builtin_theme()

    @cached_property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


def parse_config(root: Path, text: str, problems: Problems, path: str = "site.yaml",
                 overrides: dict | None = None) -> Config:
    """Validate site.yaml's text; problems go to `problems`, bad values fall back to defaults.

    `overrides` (from the command line, e.g. `build --base-url`) replace options of the file and are
    checked the same way."""
    try:
        data = parse_yaml(text) if text.strip() else {}
    except YamlError as exc:
        problems.error(path, str(exc), exc.line, exc.hint)
        data = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, say("config.not_mapping"), 1, say("config.not_mapping_hint"))
        data = {}
    values = {}
    overrides = overrides or {}
    for key, option in OPTIONS.items():
        given = key in data or key in overrides
        value = overrides[key] if key in overrides else data.get(key, option.default)
        wrong = option.check(value) if given else None
        if wrong:
            if key in overrides:
                problems.error(path, say("config.option_wrong_cli", key=key, wrong=wrong), hint=_doc(key, option))
            else:
                problems.error(path, say("config.option_wrong", key=key, wrong=wrong), key_line(text, key),
                               _doc(key, option))
            value = option.default
        values[key] = value
    for key in data:
        if key not in OPTIONS:
            problems.warn(path, say("config.unknown_option", key=excerpt(str(key))), key_line(text, key),
                          closest(str(key), OPTIONS) or say("config.known_options", options=", ".join(OPTIONS)))
    words = _string_overrides(values["strings"], text, path, problems)
    if values["theme"] and not (root / values["theme"] / "layouts").is_dir():
        problems.error(path, say("config.no_theme", folder=f"{values['theme']}/layouts"), key_line(text, "theme"),
                       say("config.no_theme_hint"))
        values["theme"] = ""
    values["deploy"] = _deploy_options(text, path, problems, values["deploy"])
    base_url = values["base_url"]
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    strings = strings_for(values["language"], words)
    quality = {**OPTIONS["image_quality"].default, **values["image_quality"]}
    # Where the site is deployed to, and which files of others public/ keeps, change nothing the build
    # makes, so they do not count towards the digest.
    built = {k: v for k, v in values.items() if k not in ("deploy", "keep")}
    digest = hashlib.blake2b(json.dumps([built, quality], sort_keys=True, ensure_ascii=False).encode(),
                             digest_size=12).hexdigest()
    return Config(
        root=root, name=values["name"], language=values["language"], base_url=base_url,
        description=values["description"], timezone=values["timezone"],
        image_widths=tuple(sorted(set(values["image_widths"]))),
        scan_widths=tuple(sorted(set(values["scan_widths"]))),
        image_formats=tuple(values["image_formats"]), image_quality=quality,
        publish_originals=values["publish_originals"], trust_html=values["trust_html"],
        index_page_size=values["index_page_size"], strings=strings, deploy=values["deploy"], digest=digest,
        keep=tuple(x.strip("/") for x in values["keep"]),
        theme=values["theme"],
        max_article_kb=values["max_article_kb"],
    )


def _deploy_options(text: str, path: str, problems: Problems, data: dict) -> dict:
    values = {key: option.default for key, option in DEPLOY_OPTIONS.items()}
    for key, value in data.items():
        line = key_line(text, "deploy", key)
        if any(word in str(key).lower() for word in _CREDENTIAL_WORDS):
            problems.error(path, say("config.credentials", key=excerpt(f"deploy.{key}")), line,
                           say("config.credentials_hint"))
        elif key not in DEPLOY_OPTIONS:
            problems.warn(path, say("config.unknown_option", key=excerpt(f"deploy.{key}")), line,
                          closest(str(key), DEPLOY_OPTIONS) or say("config.known_options",
                                                                   options=", ".join(DEPLOY_OPTIONS)))
        elif wrong := DEPLOY_OPTIONS[key].check(value):
            problems.error(path, say("config.option_wrong", key=f"deploy.{key}", wrong=wrong), line,
                           _doc(f"deploy_{key}", DEPLOY_OPTIONS[key]))
        else:
            values[key] = value
    return values


def _string_overrides(table: dict, text: str, path: str, problems: Problems) -> dict[str, str]:
    """The usable `strings:` overrides.  A word may use only the {placeholders} of the one it replaces:
    '第{number}版' for page_label (whose placeholder is {num}) would break every page at build time."""
    usable = {}
    for key, value in table.items():
        line = key_line(text, "strings", key)
        if key not in STRINGS["zh-CN"]:
            problems.warn(path, say("config.unknown_string", key=excerpt(f"strings.{key}")), line,
                          closest(str(key), STRINGS["zh-CN"]))
            continue
        value, used = str(value), _placeholders(str(value))
        allowed = set().union(*(_placeholders(words[key]) for words in STRINGS.values()))
        if used is None or not used <= allowed:
            may = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or say("config.no_placeholders")
            problems.error(path, say("config.unknown_placeholder", key=key), line,
                           say("config.unknown_placeholder_hint", may=may, default=STRINGS["zh-CN"][key]))
            continue
        if formatted := _formatted_fields(value):
            problems.error(path, say("config.formatted_placeholder", key=key, field=excerpt(formatted)), line,
                           say("config.formatted_placeholder_hint", default=STRINGS["zh-CN"][key]))
            continue
        usable[key] = value
    return usable


def _formatted_fields(text: str) -> str:
    """The first {field} of `text` written with a format spec or conversion ('{num:>30000000}' would make
    every page label 30 MB; '{num:x}' fails on text), or ''."""
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None and (spec or conversion):
            return "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    return ""


def _placeholders(text: str) -> set[str] | None:
    """The {names} in a string, or None when its braces are broken."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def load_config(root: Path, problems: Problems, overrides: dict | None = None) -> Config:
    path = root / "site.yaml"
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        problems.warn("site.yaml", say("config.no_site_yaml"), hint=say("config.no_site_yaml_hint"))
        text = ""
    except UnicodeDecodeError as exc:
        problems.extend([not_utf8("site.yaml", raw, exc)])
        text = ""
    except OSError as exc:
        problems.error("site.yaml", say("config.unreadable", error=exc.strerror or exc))
        text = ""
    return parse_config(root, text, problems, overrides=overrides)


def _kind(v) -> str:
    said = {bool: "config.kind_bool", int: "config.kind_number", float: "config.kind_number", list: "config.kind_list",
            dict: "config.kind_mapping", type(None): "config.kind_nothing"}.get(type(v))
    return say(said) if said else type(v).__name__


def _doc(key: str, option: Option) -> str:
    """An option's description as a hint, in the run's language (`key` is "deploy_region" for deploy.region); the
    English one of OPTIONS for an option the catalog does not know yet."""
    return say(f"config.doc_{key}") if f"config.doc_{key}" in MESSAGES else option.doc


# --- what the command line says: the options of one build, and its clock ---------------------------

@dataclass(frozen=True)
class BuildOptions:
    """How to build, as the command line (or the preview server) asks; site.yaml says what to build."""
    drafts: bool = False        # show draft articles (the preview server does)
    future: bool = False        # show editions dated after today (the preview server does)
    clean: bool = False         # ignore what the last build recorded; render everything
    jobs: int = 0               # worker processes; 0 = one per core
    out: Path | None = None     # output folder; default <root>/public
    base_url: str | None = None  # overrides site.yaml's base_url (e.g. a preview deploy's address)
    fingerprint: bool = True    # content-hashed CSS/JS names (the preview server wants stable names
                                # so that a stylesheet can be swapped in without reloading the page)
    offline: bool = True        # make each edition's offline ZIP (the preview server does not: making
                                # it took longer than the rest of a rebuild after one save)
    search: bool = False        # make the search index's parts whose articles changed (`build` does)
    images: bool = True         # convert images into .cache/images (`check` only works out their names and sizes)
    today: dt.date | None = None


def output_folder(root: Path, options: BuildOptions) -> Path:
    """The output folder's absolute path; its last part not resolved: `public` is a link that a build
    points at each new generation of the site (output.py)."""
    out = Path(options.out or root.resolve() / "public").absolute()
    return out.parent.resolve() / out.name


def unsafe_output(root: Path, out: Path) -> str:
    """Why the build must not write into `out`, or '': a build replaces and deletes files in its output
    folder, so that folder must hold nothing but the built site."""
    root, out = root.resolve(), out.resolve()
    if root.is_relative_to(out):
        return say("config.out_is_paper" if out == root else "config.out_holds_paper")
    for name in ("content", "layouts", "assets", ".cache"):
        if out.is_relative_to(root / name):
            return say("config.out_inside_paper", folder=f"{name}/")
    return ""


def today_for_build(timezone: str = "") -> dt.date:
    """Today in the paper's time zone (a server on UTC must publish a Beijing morning paper at 00:00
    Beijing time, not 08:00), or the day of SOURCE_DATE_EPOCH so that a rebuild of old input gives the
    same output."""
    zone = zoneinfo.ZoneInfo(timezone) if timezone else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), zone or dt.timezone.utc).date()
    return dt.datetime.now(zone).date()


def source_day() -> dt.date | None:
    """The day of SOURCE_DATE_EPOCH (reproducible builds), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return None
