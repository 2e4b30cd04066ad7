"""What every stage uses and no stage owns: problems and messages, the cache's trust, atomic writes,
bounds on input, YAML from text, the worker pool, progress, and the fenced speed-ups.

Its public names, for the stages after it, are loaded on first use."""
from .._surface import public

__all__, __getattr__ = public(__name__, {
    "atomic": ["replaced", "write_atomic"],
    "errors": ["Problem", "Problems", "SiteError", "WorkerLost", "closest", "not_utf8"],
    "i18n": ["MESSAGES", "choose_language", "command", "language", "say", "use_command", "use_language"],
    "limits": ["Limits", "check_body", "too_large"],
    "report": ["BuildReport", "Reporter"],
    "speedups": ["JinjaSpeedups", "deflating", "jinja_speedups"],
    "stamps": ["code_digest", "text_digest", "trusted_mtime", "RACY_NS"],
    "trust": ["SignedWriter", "file_matches", "key_problem", "mac_of", "seal", "seal_of", "sealed_or_removed", "sign", "signed_start", "trusted_cache", "verified"],
    "workers": ["Background", "in_workers"],
    "yamltext": ["YamlError", "excerpt", "key_line", "parse_yaml"],
})
