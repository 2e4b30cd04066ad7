"""The build: what the last build made and from what (the build database), the no-change answer,
planning, staging and the atomic publish of `public/` (the only stage that writes it).

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "builddb": ["BuildState"],
    "builtfor": ["recorded_base_url"],
    "generations": ["is_kept"],
    "making": ["Loaded", "produced_files", "rendered_in_memory"],
    "pipeline": ["build", "load"],
    "quick": ["check_unchanged"],
})
