"""`--format markdown`: the PR comment body (the Action adds its marker and footer).

Every piece of log text goes through `public` (secrets redacted, controls made visible), then
`escape`: it is shown, never interpreted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from checker.cost import Wasted
from checker.culprit import SITES_SHOWN, Culprit, Site
from checker.digest import Change, Comparison, Status
from checker.finding import Finding
from checker.ingest.timestamps import iso
from checker.network.verdicts import Kind
from checker.phrasing import destination, healthy_environments, plural, time_window, wasted, with_service
from checker.redact import public
from checker.remediation import Remediation
from checker.render.escape import html_text, md_code, md_fence, md_text
from checker.render.message import finding_message, function_label, skipped_events_note
from checker.render.text import destination_cost, timeout_sentence
from checker.report import Report

TOP_DESTINATIONS = 5
TOP_SOURCES = 10
EVIDENCE_INVOCATIONS = 10
EVIDENCE_LINE_CHARS = 500
BADGE = {"HIGH": "🔴 **HIGH**", "ELEVATED": "🟠 **ELEVATED**", "NONE": "✅ **NONE**"}
BADGE_SHORT = {"HIGH": "🔴&nbsp;HIGH", "ELEVATED": "🟠&nbsp;ELEVATED", "NONE": "✅"}
BADGE_HTML = {"HIGH": "🔴", "ELEVATED": "🟠", "NONE": "✅"}
# Functions with a row and a `<details>` in the PR comment; the others get a row in one folded
# table, and everything in the job summary. 8 rows keep 30 failing functions on one screen.
COMMENT_FUNCTIONS = 8


@dataclass(frozen=True)
class CommentContext:
    """What the Action knows beyond the report: the base comparison, culprits, where the rest is."""

    comparison: Comparison | None = None  # None: no base result to compare with
    base: str | None = None  # what was compared with, e.g. "`main` at `1a2b3c4`" (Markdown)
    base_note: str | None = None  # why nothing was compared, and how to fix that (plain text)
    culprits: Mapping[str, Culprit] = field(default_factory=dict)  # by function label
    code_url: str | None = None  # prefix of a file link at the tested commit: .../blob/SHA/
    summary_url: str | None = None  # where the job summary is (the workflow run)
    max_functions: int | None = None  # functions with a row and details; None: all
    max_chars: int | None = None  # details of the last functions go first to stay below it


def text(value: str) -> str:
    return md_text(public(value))


def code(value: str, *, in_table: bool = False) -> str:
    return md_code(public(value), in_table=in_table)


def _message(f: Finding) -> str:
    """The shared summary paragraph, with the quoted primary error shown as code."""
    message = finding_message(f)
    shown = [(f'"{f.primary.message}"', f.primary.message)]
    network = getattr(f, "network", None)
    if network is not None:  # the fix the named cause quotes: `aws ...`
        shown += [(f"`{d.cause.fix}`", d.cause.fix) for d in network.destinations[:1] if d.cause.fix]
    out, at = "", 0
    for start, quoted, literal in sorted((message.find(q), q, lit) for q, lit in shown if q in message):
        if start < at:
            continue
        out += text(message[at:start]) + code(literal)
        at = start + len(quoted)
    return out + text(message[at:])


def _headline(report: Report, ctx: CommentContext) -> list[str]:
    """The overall severity, once, with what changed against the base; then the counts."""
    s = report.summary
    functions = plural(len(report.functions), "function")
    change = change_words(ctx.comparison)
    if not report.findings:
        title = f"### {BADGE['NONE']} connfail: no connection failures"
        counts = (
            f"{plural(s.invocations, 'invocation')} of {functions} in "
            f"{plural(len(report.inputs), 'export')} ({s.events:,} events): none failed to connect."
        )
    else:
        failing = len(report.findings)
        where = (
            plural(failing, "function") if failing == len(report.functions) else f"{failing} of {functions}"
        )
        title = f"### {BADGE[s.severity]} connfail: connection failures in {where}"
        counts = (
            f"**{s.failed_invocations:,}** of {s.invocations:,} invocations could not open a "
            f"connection ({plural(len(report.inputs), 'export')}, {s.events:,} events)."
        )
        if failing > 1:  # the severity is one function's, not the sum's
            most = max(f.failed_invocations for f in report.findings)
            counts += f" Severity is per function: the most in one function is {most:,} (table below)."
    if change:
        title += f" · {change}"
    if ctx.base:
        counts += f" Compared with {ctx.base}."
    return [title, "", counts]


def change_words(comparison: Comparison | None) -> str:
    """'2 new, 1 still failing, 1 fixed': the headline's delta, empty without a base."""
    if comparison is None:
        return ""
    words = [f"{comparison.count(status)} {status.value}" for status in Status if comparison.count(status)]
    return ", ".join(words) or "no change"


def _skipped(report: Report) -> list[str]:
    note = skipped_events_note(report.inputs)
    return [f"⚠️ **Warning:** {text(note)}", ""] if note else []


def unreadable_notice(report: Report) -> list[str]:
    """A caution naming each input that could not be read: the verdict does not cover them."""
    if not report.unreadable:
        return []
    count = len(report.unreadable)
    lines = [
        "> [!CAUTION]",
        f"> connfail could not read {plural(count, 'input')}; the verdict above does not "
        f"cover {'them' if count != 1 else 'it'}:",
    ]
    lines += [f"> - {code(u.path)}: {text(u.message)}" for u in report.unreadable]
    return lines


def _overview(
    report: Report, ctx: CommentContext, shown: list[Finding], fixed_rows: bool = True
) -> list[str]:
    """One row per function: the table a reviewer reads first."""
    # Short headers: a wider header than its cells would wrap every row at GitHub's width.
    head = ["Severity", "Function", "Failing", "Error", "Destination", "Cause", "Burned"]
    if ctx.comparison is not None:
        head.append("vs base")
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if h in ("Failing", "Burned") else "---" for h in head) + "|",
    ]
    for f in shown:
        lines.append(_row(f, ctx))
    if ctx.comparison is not None and fixed_rows:
        for change in ctx.comparison.changes.values():
            if change.status is Status.FIXED:
                lines.append(_fixed_row(report, change, len(head)))
    return lines


def _row(f: Finding, ctx: CommentContext) -> str:
    """Short cells, few code spans: a row that fits one line at GitHub's comment width."""
    p = f.primary
    service = f" ({text(p.service)})" if p.service else ""
    cells = [
        BADGE_SHORT[f.severity],
        f"**{text(label(f))}**",
        f"{f.failed_invocations:,}/{f.total_invocations:,}",
        text(p.code if p.code != p.category else p.category),
        code(destination(p.host, p.port), in_table=True) + service,  # never autolinked
        _cause(f, ctx),
        text(_burned(f.wasted)),
    ]
    if ctx.comparison is not None:
        cells.append(_vs_base(ctx.comparison.changes.get(label(f)), f.failed_invocations))
    return "| " + " | ".join(cells) + " |"


def _fixed_row(report: Report, change: Change, width: int) -> str:
    counts = {function_label(fn.function, fn.source): fn for fn in report.functions}
    fn = counts.get(change.function)
    cells = [BADGE_SHORT["NONE"], f"**{text(change.function)}**", f"0/{fn.invocations:,}" if fn else "0"]
    cells += [""] * (width - 4) + [_vs_base(change, 0)]
    return "| " + " | ".join(cells) + " |"


def _vs_base(change: Change | None, failing: int) -> str:
    if change is None:
        return ""
    if change.status is Status.NEW:
        return "🆕 new"
    if change.status is Status.FIXED:
        return f"✅ fixed (was {change.base_failed:,})"
    was = f" ({change.base_failed:,} → {failing:,})" if change.base_failed != failing else ""
    fresh = f", new: {text(change.new_destinations[0])}" if change.new_destinations else ""
    return f"still failing{was}{fresh}"


def _cause(f: Finding, ctx: CommentContext) -> str:
    """A named cause: the network evaluator's verdict when it found one that blocks the path
    (its code; the details explain it), else the likely culprit line, else nothing."""
    network = getattr(f, "network", None)
    for d in getattr(network, "destinations", ()):
        if d.cause.kind is Kind.BLOCKS:
            return code(d.cause.code, in_table=True)
    culprit = ctx.culprits.get(label(f))
    if culprit is None:
        return ""
    return _site_link(culprit.sites[0], ctx, in_table=True)


def _site_link(site: Site, ctx: CommentContext, *, in_table: bool = False) -> str:
    """The call site as a link to its line at the tested commit; in the table, the file's
    name alone (the details give the path)."""
    where = f"{site.path.rsplit('/', 1)[-1]}:{site.line}" if in_table else site.where
    shown = code(where, in_table=in_table)
    if not ctx.code_url:
        return shown
    return f"[{shown}]({ctx.code_url}{quote(site.path)}#L{site.line})"


def _burned(w: Wasted) -> str:
    if not w.invocations_with_report:
        return "-"
    seconds = w.duration_ms / 1000
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _name(f: Finding, *, in_table: bool = False) -> str:
    return code(label(f), in_table=in_table) if f.function else text(label(f))


def label(f: Finding) -> str:
    return function_label(f.function, f.source)


def _summary_table(f: Finding) -> list[str]:
    p = f.primary
    kind = p.category if p.code == p.category else f"{p.category} ({code(p.code, in_table=True)})"
    rows = [
        (
            "Primary error",
            f"{code(p.message, in_table=True)} — {kind}, {plural(p.invocations, 'invocation')}",
        ),
        (
            "Destination",
            code(destination(p.host, p.port), in_table=True) + (f" ({text(p.service)})" if p.service else ""),
        ),
        ("First / last seen", time_window(f.first_seen, f.last_seen, " → ")),
        ("Time burned", text(wasted(f.wasted))),  # escaped: `$` pairs are GitHub math
    ]
    if f.timeout is not None:
        rows.append(("Connect timeout", text(timeout_sentence(f.timeout))))
    if f.runtimes:
        rows.append(("Runtime", ", ".join(text(r) for r in f.runtimes)))
    head = f"| **Failing invocations** | **{f.failed_invocations:,}** of {f.total_invocations:,} |"
    return [head, "|:---|:---|", *(f"| **{name}** | {value} |" for name, value in rows)]


def _destinations(f: Finding) -> list[str]:
    shown = f.destinations[:TOP_DESTINATIONS]
    title = "**Top destinations**" if len(f.destinations) > len(shown) else "**Destinations**"
    if len(f.destinations) > len(shown):
        title += f" ({len(shown)} of {len(f.destinations)})"
    costs = len(f.destinations) > 1 and any(d.wasted for d in shown)  # per destination, when several
    head = "| Failing | Error | Code | Destination | Service |" + (
        " Billed time, connect timeout |" if costs else ""
    )
    lines = [title, "", head, "|---:|---|---|---|---|" + ("---|" if costs else "")]
    for d in shown:
        cost = f" {text(destination_cost(d) or '')} |" if costs else ""
        lines.append(
            f"| {d.invocations:,} | {d.category} | {code(d.code, in_table=True)} | "
            f"{code(destination(d.host, d.port), in_table=True)} | {text(d.service or '')} |{cost}"
        )
    return lines


def _sources(f: Finding) -> list[str]:
    failing = [s for s in f.sources if s.failed_invocations]
    shown = failing[:TOP_SOURCES]
    local = any(s.local_addresses for s in shown)
    network = any(s.subnet or s.availability_zone for s in shown)
    head = (
        ["Log stream", "Failing"]
        + (["Local addresses"] if local else [])
        + (["Subnet", "AZ"] if network else [])
    )
    lines = [
        "**Execution environments** (log streams with failures)",
        "",
        "| " + " | ".join(head) + " |",
        "|---|---:|" + "---|" * (len(head) - 2),
    ]
    if not shown:  # none listed (`max-listed-sources: 0`): the counts alone
        lines = lines[:1]
    for s in shown:
        cells = [
            code(s.log_stream, in_table=True) if s.log_stream else "(none)",
            f"{s.failed_invocations} of {s.total_invocations}",
        ]
        if local:
            cells.append(", ".join(code(a, in_table=True) for a in s.local_addresses))
        if network:
            cells += [code(s.subnet, in_table=True) if s.subnet else "", text(s.availability_zone or "")]
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    if f.failing_streams > len(shown):
        notes.append(f"{f.failing_streams - len(shown)} more failing environments not shown.")
    clean = f.stream_count - f.failing_streams
    if clean:
        notes.append(f"{healthy_environments(clean)}.")
    if notes:
        lines += ["", " ".join(notes)]
    return lines


def _evidence(f: Finding) -> list[str]:
    lines = [
        f"# {_line(d.category + ' ' + destination(d.host, d.port))}: "
        f"{plural(d.invocations, 'invocation')}\n{_line(d.example)}"
        for d in f.destinations[:TOP_DESTINATIONS]
    ]
    shown = f.failed_invocations_list[:EVIDENCE_INVOCATIONS]
    lines.append(f"# first {len(shown)} of {f.failed_invocations} failing invocations")
    for inv in shown:
        stamp = iso(inv.timestamp) if inv.timestamp is not None else "-"
        lines.append(_line(f"{stamp}  {inv.request_id or '-'}  {inv.failure.message}"))
    body = md_fence("\n".join(lines).splitlines())
    return [
        f"<details><summary>Evidence: log lines of {plural(f.failed_invocations, 'failing invocation')}"
        "</summary>",
        "",
        body,
        "",
        "</details>",
    ]


def _line(value: str) -> str:
    line = public(value)
    return line if len(line) <= EVIDENCE_LINE_CHARS else line[:EVIDENCE_LINE_CHARS] + " [...]"


def _remediation(steps: tuple[Remediation, ...]) -> list[str]:
    """The first step in full, the others folded: the targeted one is what to do now."""
    first, *others = steps
    lines = ["**What to check first**", "", *_step(first)]
    if others:
        lines += [f"<details><summary>{plural(len(others), 'more step')} to check, in order</summary>", ""]
        for step in others:
            lines += _step(step)
        lines += ["</details>", ""]
    return lines


def _step(step: Remediation) -> list[str]:
    body = public(step.markdown)
    return [
        f"- [ ] **{text(step.title)}**",
        "",
        *("  " + line if line else "" for line in body.splitlines()),
        "",
    ]


def _summary_line(f: Finding) -> str:
    """The `<summary>` of a function's details: raw HTML, so escaped as HTML, not Markdown."""
    p = f.primary
    return (
        f"<details><summary>{BADGE_HTML[f.severity]} <b>{html_text(public(label(f)))}</b>: "
        f"{f.failed_invocations:,} of {f.total_invocations:,} invocations could not connect — "
        f"{html_text(public(p.category + ' to ' + with_service(destination(p.host, p.port), p.service)))}"
        "</summary>"
    )


def _finding(f: Finding, ctx: CommentContext) -> list[str]:
    lines = [_summary_line(f), "", _message(f), ""]
    culprit = ctx.culprits.get(label(f))
    if culprit is not None:
        lines += [_culprit(culprit, ctx), ""]
    for section in (_summary_table(f), _network(f), _destinations(f), _sources(f), _evidence(f)):
        if section:
            lines += [*section, ""]
    if f.remediation:
        lines += _remediation(f.remediation)
    return [*lines, "</details>", ""]


def _culprit(c: Culprit, ctx: CommentContext) -> str:
    """'🎯 likely culprit: `src/db.js:12` — ...; these 28 invocations each waited ~127 s'."""
    first = c.sites[0]
    words = c.sentence()
    rest = words.split(" — ", 1)[1] if " — " in words else ""
    changed = " (changed in this PR)" if first.changed else ""
    others = "".join(f", {_site_link(s, ctx)}" for s in c.sites[1:SITES_SHOWN])
    return f"🎯 **Likely culprit:** {_site_link(first, ctx)}{changed} — {text(rest)}" + (
        f" Also: {others[2:]}." if others else ""
    )


def _more_functions(report: Report, ctx: CommentContext, rest: list[Finding]) -> list[str]:
    """The functions beyond the first few: named in one folded table, detailed in the summary."""
    if not rest:
        return []
    where = f" ([job summary]({ctx.summary_url}))" if ctx.summary_url else " (job summary)"
    lines = [
        f"<details><summary>{plural(len(rest), 'more failing function')}: rows here, "
        "details in the job summary</summary>",
        "",
        *_overview(report, ctx, rest, fixed_rows=False),
        "",
        f"Their evidence and remediation are in the job summary{where}.",
        "",
        "</details>",
        "",
    ]
    return lines


def _base_note(ctx: CommentContext) -> list[str]:
    return (
        [f"> [!NOTE]\n> No comparison with the base branch: {text(ctx.base_note)}", ""]
        if (ctx.base_note)
        else []
    )


def _network(f: Finding) -> list[str]:
    if f.network is None:
        return []
    from checker.render.network import markdown_lines

    return markdown_lines(f.network)


def _inputs(report: Report) -> list[str]:
    unread = f", {len(report.unreadable)} not read" if report.unreadable else ""
    lines = [
        f"<details><summary>Inputs: {plural(len(report.inputs), 'export')}{unread}</summary>",
        "",
        "| Export | Format | Events | Skipped |",
        "|---|---|---:|---|",
    ]
    for i in report.inputs:
        reasons = ", ".join(f"{n} {text(r)}" for r, n in sorted(i.skipped_reasons.items()))
        if i.truncated:
            reasons += f"{', ' if reasons else ''}{i.truncated:,} truncated to max-message-bytes"
        lines.append(
            f"| {code(i.path, in_table=True)} | {text(i.format)} | {i.events:,} | "
            f"{i.skipped:,}{' (' + reasons + ')' if reasons else ''} |"
        )
    for u in report.unreadable:
        events = f"{u.read.events:,}" if u.read else "0"
        lines.append(f"| {code(u.path, in_table=True)} | not read | {events} | {text(u.message)} |")
    lines += ["", "| Function | Invocations | Failing |", "|---|---:|---:|"]
    for fn in report.functions:
        name = code(fn.function, in_table=True) if fn.function else text(function_label(None, fn.source))
        lines.append(f"| {name} | {fn.invocations:,} | {fn.failed_invocations:,} |")
    return [*lines, "", "</details>"]


def render_markdown(report: Report, context: CommentContext | None = None) -> str:
    """The report as GitHub Markdown: a headline, one row per function, then one folded
    `<details>` per function; `context` adds the base comparison, culprits and links.

    Above `max_chars`, the details of the last functions are left out (the job summary has
    them), never a row: every function stays named."""
    ctx = context or CommentContext()
    ranked = sorted(report.findings, key=lambda f: (-f.severity.rank, -f.failed_invocations, label(f)))
    shown = ranked if ctx.max_functions is None else ranked[: ctx.max_functions]
    head = [*_headline(report, ctx), "", *_skipped(report)]
    if report.unreadable:
        head += [*unreadable_notice(report), ""]
    head += _base_note(ctx)
    if shown or (ctx.comparison is not None and ctx.comparison.count(Status.FIXED)):
        head += [*_overview(report, ctx, shown), ""]
    details = ["\n".join(_finding(f, ctx)) for f in shown]
    tail = [*_more_functions(report, ctx, ranked[len(shown) :]), *_inputs(report), ""]
    while ctx.max_chars is not None and details and _size(head, details, tail) > ctx.max_chars:
        details.pop()
        left = len(shown) - len(details)
        where = f"[job summary]({ctx.summary_url})" if ctx.summary_url else "job summary"
        note = f"The details of {plural(left, 'more function')} did not fit in a comment: see the {where}."
        tail = [note, "", *(tail[2:] if tail[0].startswith("The details of") else tail)]
    return "\n".join([*head, *details, *tail]).rstrip() + "\n"


def _size(head: list[str], details: list[str], tail: list[str]) -> int:
    return sum(len(x) + 1 for part in (head, details, tail) for x in part)
