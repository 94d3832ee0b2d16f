"""Markdown around the report for GitHub: footer, check-run output, lint list, step summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker import __version__
from checker.culprit import Culprit
from checker.digest import encode
from checker.github.check_run import repo_path
from checker.lint.model import skipped_note
from checker.phrasing import plural, unbounded_calls
from checker.render.markdown import code, text
from checker.render.message import finding_message, function_label, skipped_events_note

LINT_ROWS = 20  # the check run's annotations carry all of them


@dataclass(frozen=True)
class Links:
    run_url: str | None = None
    check_run_url: str | None = None
    comment_url: str | None = None
    head_sha: str = ""
    report_artifact: str = ""  # the artifact a later step uploads the JSON report as


def footer(links: Links) -> str:
    """Where the rest is: the job summary (on the run's page), the JSON report, the check run."""
    parts = [f"connfail {__version__}"]
    if links.run_url:
        parts.append(f"everything else: [job summary]({links.run_url})")
    if links.run_url and links.report_artifact:
        parts.append(f"[JSON report]({links.run_url}#artifacts) (artifact {code(links.report_artifact)})")
    if links.check_run_url:
        parts.append(f"[check run]({links.check_run_url})")
    if links.head_sha:
        parts.append(f"commit {links.head_sha[:7]}")
    return "<sub>" + " · ".join(parts) + "</sub>"


def title(report: Any) -> str:
    s = report.summary
    unread = len(getattr(report, "unreadable", ()))
    tail = f"; {plural(unread, 'input')} not read" if unread else ""
    if s.severity == "NONE":
        return f"No connection failures in {s.invocations} invocations{tail}"
    counts = f"{s.failed_invocations} of {s.invocations} invocations failed to connect"
    if len(report.findings) > 1:  # the severity is one function's, the counts are the sum's
        return f"{s.severity} (highest of {len(report.findings)} functions): {counts} in all{tail}"
    return f"{s.severity}: {counts}{tail}"


def check_summary(
    report: Any, lint_count: int, *, change: str = "", culprits: Mapping[str, Culprit] | None = None
) -> str:
    """Short: one paragraph per function, then the hidden digest a PR's run compares with;
    the full report goes in the text field."""
    # The digest first: a summary cut to the API's limit loses its end, never the digest.
    lines = [
        encode(report.digest),  # computed once, by the pipeline
        f"**{title(report)}**" + (f" · {text(change)}" if change else ""),
        "",
    ]
    note = skipped_events_note(report.inputs)
    if note:
        lines += [f"Warning: {text(note)}", ""]
    for finding in report.findings:
        # Log text is hostile: escaped as the Markdown report does it.
        name = function_label(finding.function, getattr(finding, "source", None))
        lines += [f"- **{text(name)}** ({finding.severity}): {text(finding_message(finding))}"]
        culprit = (culprits or {}).get(name)
        if culprit is not None:
            sentence = culprit.sentence()
            lines[-1] += f" {text(sentence[:1].upper() + sentence[1:])}."
    for bad in getattr(report, "unreadable", ()):
        lines += [f"- not read: {code(bad.path)}: {text(bad.message)}"]
    if lint_count:
        lines += ["", f"{unbounded_calls(lint_count)} (annotations below)."]
    return "\n".join(lines) + "\n"


def lint_section(
    findings: Sequence[Any],
    errors: Sequence[Any],
    workspace: Path,
    skipped: Sequence[str] = (),
    *,
    folded: bool = False,
) -> str:
    """A table of the first lint findings, in the house style of the Markdown report; then the
    files not (fully) linted, and the minified or vendored paths the defaults kept out.
    `folded`: in one `<details>`, as the PR comment shows it."""
    if not findings and not errors and not skipped:
        return ""
    if folded:
        inner = lint_section(findings, errors, workspace, skipped).split("\n", 2)[2]
        return (
            f"<details><summary>Connect timeouts in client code: {unbounded_calls(len(findings))}"
            f"</summary>\n\n{inner.rstrip()}\n\n</details>\n"
        )
    lines = ["### Connect timeouts in client code", ""]
    if findings:
        lines += ["| file | rule | library | message |", "|---|---|---|---|"]
        for f in findings[:LINT_ROWS]:
            where = code(f"{repo_path(str(f.path), workspace)}:{f.line}", in_table=True)
            lines.append(f"| {where} | {f.rule} | {f.library} | {text(str(f.message))} |")
        if len(findings) > LINT_ROWS:
            lines.append(
                f"\n{len(findings) - LINT_ROWS} more not listed here; the check run's "
                "annotations and `connfail lint` show them all."
            )
    for e in errors:
        path = code(repo_path(str(e.path), workspace))
        # A warning's reason says itself what was left out ("not analyzed: ...", "partly ...").
        label = "" if getattr(e, "level", None) == "warning" else "not linted: "
        lines.append(f"\n- {label}{path}: {text(str(e.reason))}")
    if skipped:
        lines.append(f"\n- {text(skipped_note(tuple(skipped)))}")
    return "\n".join(lines) + "\n"


def step_summary(report_markdown: str, lint_markdown: str, links: Links, advice: Sequence[str]) -> str:
    parts = [report_markdown.rstrip() + "\n"]
    if lint_markdown:
        parts.append(lint_markdown)
    where = []
    if links.check_run_url:
        where.append(f"[check run]({links.check_run_url})")
    if links.comment_url:
        where.append(f"[PR comment]({links.comment_url})")
    if where:
        # A GITHUB_TOKEN check run can land in another workflow's suite: link it from here.
        parts.append("Published: " + " · ".join(where) + "\n")
    for line in advice:
        parts.append(f"> [!WARNING]\n> {line}\n")
    return "\n".join(parts) + "\n"
