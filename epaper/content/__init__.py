"""Reading `content/` (the only stage that does): edition folders and articles into plain records,
print PDFs into text, regions and imported articles.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "pagepdf": ["pdf_stamps", "place_articles"],
    "pdfimport": ["FoundArticle", "PageLayout", "read_layout"],
    "pdftext": ["GARBLED_SHARE", "PageText", "PdfTrouble", "read_pdf_pages"],
    "regionedit": ["AreaError", "format_area", "normalize_area", "set_area"],
    "parse": ["ARTICLE_KEYS", "ArticleRecord", "EditionRecord", "SLUG_RE"],
    "source": ["ContentTree", "FolderScan", "edition_folders", "read_body", "resolve_in_content", "scan_content",
               "scan_rounds", "valid_date"],
})
