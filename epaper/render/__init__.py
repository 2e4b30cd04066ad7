"""The model into files: view contexts, Jinja layouts, Markdown, feeds and sitemaps, indexes,
edition.json, and the search index.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "feeds": ["feed_outputs", "warn_without_base_url"],
    "indexes": ["IndexRecord", "changed_indexes", "index_fingerprint", "index_pages", "list_entries", "overview_pages"],
    "manifest": ["VERSION", "manifest_output"],
    "render": ["Renderer", "load_renderer"],
    "search": ["LastSearch", "SearchReport", "SiteFiles", "kept_search", "search_patterns", "update_search"],
    "views": ["Output", "edition_outputs", "site_outputs"],
})
