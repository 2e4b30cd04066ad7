"""The message catalog: every message to the newsroom, by key, in each language (see i18n.py).

One module per area, each with a MESSAGES dict of its own; keys are named after the module of epaper that
says them ("sitecheck.broken_link"), so a key lives in one area only.  tests/core/test_i18n.py fails when a key
lacks a language, the languages disagree on the {placeholders}, or two areas define the same key.
"""
from __future__ import annotations

from . import build, cache, check, config, content, media, pdf, preview

__all__ = ["AREAS", "MESSAGES"]

AREAS = {"build": build.MESSAGES, "cache": cache.MESSAGES, "check": check.MESSAGES,
         "config": config.MESSAGES, "content": content.MESSAGES, "media": media.MESSAGES,
         "pdf": pdf.MESSAGES, "preview": preview.MESSAGES}

MESSAGES: dict[str, dict[str, str]] = {key: texts for area in AREAS.values() for key, texts in area.items()}
