"""Files made from the model's pictures and PDFs: resized photos and scans, zoom tiles, IIIF
manifests, the edition PDF, the offline ZIP.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "editionpdf": ["edition_pdf_url", "merge_edition_pdfs"],
    "iiif": ["has_iiif", "iiif_manifest", "iiif_path"],
    "imagecache": ["prune_cache"],
    "images": ["ImageStats", "MIME", "Picture", "process_images", "verify_published"],
    "offline": ["make_offline_zip", "offline_url", "offline_zip", "zip_in_cache", "zips_in_cache"],
    "tiles": ["image_service", "info_json", "make_tiles", "tile_files"],
})
