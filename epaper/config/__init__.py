"""`site.yaml` into a frozen `Config`: declared options, the reader's words (`strings:`), themes.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "config": ["BuildOptions", "Config", "load_config", "output_folder", "source_day", "today_for_build", "unsafe_output"],
    "theme": ["ThemeFile", "lookup", "overrides", "theme_inputs"],
})
