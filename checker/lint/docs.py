"""docs/rules.md, rendered from the rules and libraries tables (a test fails when it drifts).

Regenerate with `python -m checker.lint.docs` from the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.config import LintSettings
from checker.lint.libraries import LIBRARIES, fix_text
from checker.lint.rules import RULES

DOC = Path("docs") / "rules.md"


def _default(seconds: float | None) -> str:
    return "none (the kernel gives up after about 130 s)" if seconds is None else f"{seconds:g} s"


def render_rules_markdown() -> str:
    out = [
        "<!-- Generated from checker/lint/rules.py and checker/lint/libraries.py by",
        "     `python -m checker.lint.docs`. Edit those tables, not this file. -->",
        "# connfail lint rules",
        "",
        "`connfail lint` flags client code whose connect timeout is missing, disabled or too",
        "long. Suppress one finding with `# connfail: ignore[CF101]` (Python) or",
        "`// connfail: ignore[CF101]` (JavaScript/TypeScript) on the flagged line.",
        "",
        "| Rule | Title | Severity |",
        "|---|---|---|",
    ]
    out += [f"| [{r.id}](#{r.anchor}) | {r.title} | {r.severity} |" for r in RULES]
    for rule in RULES:
        out += [
            "",
            f'<a id="{rule.anchor}"></a>',
            "",
            f"## {rule.id} {rule.name}",
            "",
            f"**{rule.title}** ({rule.severity})",
            "",
            "**Why.** " + rule.why,
            "",
            "**Fix.** " + rule.fix,
        ]
    out += [
        "",
        "## Libraries and their defaults",
        "",
        "| Library | Language | Default connect timeout | Fix suggested |",
        "|---|---|---|---|",
    ]
    maximum = LintSettings().max_connect_timeout
    out += [
        f"| {lib.id} | {lib.language} | {_default(lib.default_connect)} | `{fix_text(lib.fix, maximum)}` |"
        for lib in LIBRARIES
    ]
    return "\n".join(out) + "\n"


def main() -> int:
    DOC.write_text(render_rules_markdown(), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
