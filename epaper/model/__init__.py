"""Editions, pages, articles and photos built from the content's records, with how a reader moves
between them, and who and what the indexes are about.  No I/O.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "catalog": ["KINDS", "index_folder", "index_url", "person", "subject"],
    "model": ["Article", "Edition", "Named", "Outline", "Page", "Photo", "Site", "build_edition", "build_site",
              "link_neighbours", "link_within"],
})
