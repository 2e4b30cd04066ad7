"""What the preview shows in place of the site or over it: the problems of a failed build as a page, and
the preflight findings as a panel.  Everything from the content is escaped."""
from __future__ import annotations

import html

from ..core import Problem, language, say

__all__ = ["error_page", "preflight_panel"]


def preflight_panel(findings: list[Problem]) -> str:
    """A folding panel at the foot of the window listing the findings, each with file, line and hint."""
    items = "\n".join(_problem_item(p) for p in findings)
    return f"""<details id="epaper-preflight" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;\
max-height:45vh;overflow:auto;margin:0;padding:.4rem 1rem;background:#fff8e1;border-top:2px solid #8a6d00;\
font:14px/1.45 system-ui,sans-serif;color:#222">
<summary style="cursor:pointer;font-weight:bold">{html.escape(say("serve.panel", count=len(findings)))}</summary>
<ul class="problems">
{items}
</ul>
</details>"""


def error_page(problems: list[Problem]) -> str:
    """The problems of a failed build, each with file, line, message and hint, as one HTML page."""
    ordered = sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0))
    count = sum(not p.warning for p in problems)
    items = "\n".join(_problem_item(p) for p in ordered)
    return f"""<!doctype html>
<html lang="{language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{say("serve.failed_title", errors=count)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }}
h1 {{ color: #b00020; font-size: 1.4rem; }}
li {{ margin: 0 0 1rem; }}
code {{ background: #f3f3f3; padding: 0 .25em; }}
.kind {{ font-weight: bold; color: #b00020; }} .warning .kind {{ color: #8a6d00; }}
.hint {{ margin: .25rem 0 0; color: #555; }}
</style>
</head>
<body>
<h1>{say("serve.failed_title", errors=count)}</h1>
<p>{say("serve.fix_and_save")}</p>
<ul class="problems">
{items}
</ul>
</body>
</html>
"""


def _problem_item(p: Problem) -> str:
    where = f"{p.path}:{p.line}" if p.line else p.path
    kind = "warning" if p.warning else "error"
    hint = f'\n  <p class="hint">{html.escape(p.hint)}</p>' if p.hint else ""
    return (f'<li class="{kind}"><code class="where">{html.escape(where)}</code> '
            f'<span class="kind">{say("problem." + kind)}:</span> '
            f'<span class="message">{html.escape(p.message)}</span>{hint}</li>')
