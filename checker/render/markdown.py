"""`--format markdown`: the PR comment body (the Action adds its marker and footer).

Every piece of log text goes through `public` (secrets redacted, controls made visible), then
`escape`: it is shown, never interpreted.
"""

from __future__ import annotations

from checker.finding import Finding
from checker.ingest.timestamps import iso
from checker.redact import public
from checker.remediation import Remediation
from checker.render.escape import md_code, md_fence, md_text
from checker.render.message import finding_message, function_label, skipped_events_note
from checker.render.text import destination, destination_cost, time_window, timeout_sentence, wasted_line
from checker.report import Report

TOP_DESTINATIONS = 5
TOP_SOURCES = 10
EVIDENCE_INVOCATIONS = 10
EVIDENCE_LINE_CHARS = 500
BADGE = {"HIGH": "🔴 **HIGH**", "ELEVATED": "🟠 **ELEVATED**", "NONE": "✅ **NONE**"}


def text(value: str) -> str:
    return md_text(public(value))


def code(value: str, *, in_table: bool = False) -> str:
    return md_code(public(value), in_table=in_table)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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


def _headline(report: Report) -> list[str]:
    s = report.summary
    functions = _plural(len(report.functions), "function")
    if not report.findings:
        return [f"### {BADGE['NONE']} connfail: no connection failures", "",
                f"{_plural(s.invocations, 'invocation')} of {functions} in "
                f"{_plural(len(report.inputs), 'export')} ({s.events:,} events): none failed to connect."]
    failing = _plural(len(report.findings), "function")
    lines = [f"### {BADGE[s.severity]} connfail: connection failures in {failing}", "",
             f"{s.failed_invocations:,} of {s.invocations:,} invocations could not open a connection "
             f"({_plural(len(report.inputs), 'export')}, {s.events:,} events, {functions})."]
    if len(report.functions) > 1:  # the severity is one function's, not the sum's
        most = max(f.failed_invocations for f in report.findings)
        lines[-1] += (f" Severity is per function: the most in one function is {most:,}"
                      " (table below).")
    return lines


def _skipped(report: Report) -> list[str]:
    note = skipped_events_note(report.inputs)
    return [f"⚠️ **Warning:** {text(note)}", ""] if note else []


def unreadable_notice(report: Report) -> list[str]:
    """A caution naming each input that could not be read: the verdict does not cover them."""
    if not report.unreadable:
        return []
    count = len(report.unreadable)
    lines = ["> [!CAUTION]",
             f"> connfail could not read {_plural(count, 'input')}; the verdict above does not "
             f"cover {'them' if count != 1 else 'it'}:"]
    lines += [f"> - {code(u.path)}: {text(u.message)}" for u in report.unreadable]
    return lines


def _summary_table(f: Finding) -> list[str]:
    p = f.primary
    kind = p.category if p.code == p.category else f"{p.category} ({code(p.code, in_table=True)})"
    rows = [
        ("Failing invocations", f"**{f.failed_invocations:,}** of {f.total_invocations:,}"),
        ("Primary error",
         f"{code(p.message, in_table=True)} — {kind}, {_plural(p.invocations, 'invocation')}"),
        ("Destination", code(destination(p.host, p.port), in_table=True)
         + (f" ({text(p.service)})" if p.service else "")),
        ("First / last seen", time_window(f.first_seen, f.last_seen).replace(" .. ", " → ")),
        ("Time burned", text(wasted_line(f.wasted))),  # escaped: `$` pairs are GitHub math
    ]
    if f.timeout is not None:
        rows.append(("Connect timeout", text(timeout_sentence(f.timeout))))
    if f.runtimes:
        rows.append(("Runtime", ", ".join(text(r) for r in f.runtimes)))
    head = f"| Severity | {BADGE[f.severity]} |"
    return [head, "|:---|:---|", *(f"| **{label}** | {value} |" for label, value in rows)]


def _destinations(f: Finding) -> list[str]:
    shown = f.destinations[:TOP_DESTINATIONS]
    title = "**Top destinations**" if len(f.destinations) > len(shown) else "**Destinations**"
    if len(f.destinations) > len(shown):
        title += f" ({len(shown)} of {len(f.destinations)})"
    costs = len(f.destinations) > 1 and any(d.wasted for d in shown)  # per destination, when several
    head = "| Failing | Error | Code | Destination | Service |" + (
        " Billed time, connect timeout |" if costs else "")
    lines = [title, "", head, "|---:|---|---|---|---|" + ("---|" if costs else "")]
    for d in shown:
        cost = f" {text(destination_cost(d) or '')} |" if costs else ""
        lines.append(f"| {d.invocations:,} | {d.category} | {code(d.code, in_table=True)} | "
                     f"{code(destination(d.host, d.port), in_table=True)} | {text(d.service or '')} |{cost}")
    return lines


def _sources(f: Finding) -> list[str]:
    failing = [s for s in f.sources if s.failed_invocations]
    shown = failing[:TOP_SOURCES]
    local = any(s.local_addresses for s in shown)
    network = any(s.subnet or s.availability_zone for s in shown)
    head = ["Log stream", "Failing"] + (["Local addresses"] if local else []) + (
        ["Subnet", "AZ"] if network else [])
    lines = ["**Execution environments** (log streams with failures)", "",
             "| " + " | ".join(head) + " |", "|---|---:|" + "---|" * (len(head) - 2)]
    if not shown:  # none listed (`max-listed-sources: 0`): the counts alone
        lines = lines[:1]
    for s in shown:
        cells = [code(s.log_stream, in_table=True) if s.log_stream else "(none)",
                 f"{s.failed_invocations} of {s.total_invocations}"]
        if local:
            cells.append(", ".join(code(a, in_table=True) for a in s.local_addresses))
        if network:
            cells += [code(s.subnet, in_table=True) if s.subnet else "",
                      text(s.availability_zone or "")]
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    if f.failing_streams > len(shown):
        notes.append(f"{f.failing_streams - len(shown)} more failing environments not shown.")
    clean = f.stream_count - f.failing_streams
    if clean:
        notes.append(f"{_plural(clean, 'other environment')} had no failures.")
    if notes:
        lines += ["", " ".join(notes)]
    return lines


def _evidence(f: Finding) -> list[str]:
    lines = [f"# {_line(d.category + ' ' + destination(d.host, d.port))}: "
             f"{_plural(d.invocations, 'invocation')}\n{_line(d.example)}"
             for d in f.destinations[:TOP_DESTINATIONS]]
    shown = f.failed_invocations_list[:EVIDENCE_INVOCATIONS]
    lines.append(f"# first {len(shown)} of {f.failed_invocations} failing invocations")
    for inv in shown:
        stamp = iso(inv.timestamp) if inv.timestamp is not None else "-"
        lines.append(_line(f"{stamp}  {inv.request_id or '-'}  {inv.failure.message}"))
    body = md_fence("\n".join(lines).splitlines())
    return [f"<details><summary>Evidence: log lines of {_plural(f.failed_invocations, 'failing invocation')}"
            "</summary>", "", body, "", "</details>"]


def _line(value: str) -> str:
    line = public(value)
    return line if len(line) <= EVIDENCE_LINE_CHARS else line[:EVIDENCE_LINE_CHARS] + " [...]"


def _remediation(steps: tuple[Remediation, ...]) -> list[str]:
    lines = ["**What to check, in order**", ""]
    for step in steps:
        lines.append(f"- [ ] **{text(step.title)}**")
        body = public(step.markdown)
        lines += ["", *("  " + line if line else "" for line in body.splitlines()), ""]
    return lines


def _finding(f: Finding) -> list[str]:
    name = code(f.function) if f.function else text(function_label(None, f.source))
    lines = [f"#### {BADGE[f.severity]} {name}: {f.failed_invocations:,} of {f.total_invocations:,} "
             "invocations could not connect", "", _message(f), ""]
    for section in (_summary_table(f), _network(f), _destinations(f), _sources(f), _evidence(f)):
        if section:
            lines += [*section, ""]
    if f.remediation:
        lines += _remediation(f.remediation)
    return lines


def _network(f: Finding) -> list[str]:
    if f.network is None:
        return []
    from checker.render.network import markdown_lines

    return markdown_lines(f.network)


def _inputs(report: Report) -> list[str]:
    unread = f", {len(report.unreadable)} not read" if report.unreadable else ""
    lines = [f"<details><summary>Inputs: {_plural(len(report.inputs), 'export')}{unread}</summary>",
             "", "| Export | Format | Events | Skipped |", "|---|---|---:|---|"]
    for i in report.inputs:
        reasons = ", ".join(f"{n} {text(r)}" for r, n in sorted(i.skipped_reasons.items()))
        if i.truncated:
            reasons += f"{', ' if reasons else ''}{i.truncated:,} truncated to max-message-bytes"
        lines.append(f"| {code(i.path, in_table=True)} | {text(i.format)} | {i.events:,} | "
                     f"{i.skipped:,}{' (' + reasons + ')' if reasons else ''} |")
    for u in report.unreadable:
        events = f"{u.read.events:,}" if u.read else "0"
        lines.append(f"| {code(u.path, in_table=True)} | not read | {events} | "
                     f"{text(u.message)} |")
    lines += ["", "| Function | Invocations | Failing |", "|---|---:|---:|"]
    for fn in report.functions:
        name = (code(fn.function, in_table=True) if fn.function
                else text(function_label(None, fn.source)))
        lines.append(f"| {name} | {fn.invocations:,} | {fn.failed_invocations:,} |")
    return [*lines, "", "</details>"]


def render_markdown(report: Report) -> str:
    lines = [*_headline(report), "", *_skipped(report)]
    if report.unreadable:
        lines += [*unreadable_notice(report), ""]
    for finding in report.findings:
        lines += _finding(finding)
    lines += _inputs(report)
    return "\n".join(lines).rstrip() + "\n"
