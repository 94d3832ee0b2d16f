"""`--format text`: the terminal report, readable at 80 columns."""

from __future__ import annotations

from checker.redact import redact
from checker.report import Report


def render_text(report: Report, *, color: bool = False) -> str:
    lines: list[str] = []
    for stats in report.inputs:
        skipped = ""
        if stats.skipped:
            reasons = ", ".join(f"{n} {r}" for r, n in sorted(stats.skipped_reasons.items()))
            skipped = f", {stats.skipped} skipped ({reasons})"
        lines.append(f"{stats.path}: {stats.format}, {stats.events} events{skipped}")
    for fn in report.functions:
        name = fn.function or "(function not named in the export)"
        lines.append(f"  {name}: {fn.invocations} invocations, {fn.failed_invocations} failing")
    s = report.summary
    lines.append(
        f"Total: {s.events} events, {s.invocations} invocations, "
        f"{s.failed_invocations} failing. Severity: {s.severity}"
    )
    for finding in report.findings:
        from checker.render.message import finding_message

        lines.append("")
        lines.append(f"[{finding.severity}] {finding.function or 'unknown function'}")
        lines.append(redact(finding_message(finding)))
    return "\n".join(lines) + "\n"
