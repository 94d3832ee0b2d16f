"""`--format text`: the terminal report, readable at 80 columns, ANSI colour only when asked."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from contextvars import ContextVar

from checker.cost import TimeoutPattern
from checker.finding import ErrorCount, Finding
from checker.phrasing import (
    billed,
    connect_attempts,
    destination,
    healthy_environments,
    plural,
    time_window,
    tries,
    wasted,
    would_have_saved,
)
from checker.redact import public, visible
from checker.remediation import Remediation
from checker.render.message import finding_message, function_label, skipped_events_note
from checker.report import Report

WIDTH = 80  # the default; render_text takes the terminal's (checker.terminal.width)
_WIDTH: ContextVar[int] = ContextVar("width", default=WIDTH)
TOP_DESTINATIONS = 5
TOP_SOURCES = 5
LABEL = 16  # width of the labels in the key-value block
_SEVERITY_STYLE = {"HIGH": "1;97;41", "ELEVATED": "1;30;43", "NONE": "1;32"}
_CONTROL = re.compile("\r")  # what `public` leaves that a terminal obeys: a lone CR rewinds the line


def clean(text: str) -> str:
    """Log text made safe to print: secrets redacted, terminal control sequences made visible."""
    text = public(text).replace("\t", " ").replace("\r\n", "\n")
    return _CONTROL.sub(lambda m: visible(m.group()), text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def destination_cost(d: ErrorCount) -> str | None:
    """One destination's billed time, and the connect timeout its failing invocations show."""
    if d.wasted is None:
        return None
    text = billed(d.wasted)
    t = d.timeout
    if t is not None:
        timeout = f"connect timeout about {t.per_attempt_s:g} s{tries(t.attempts)}"
        text += f"; {timeout} ({t.invocations} invocations)"
    return text


def timeout_sentence(t: TimeoutPattern) -> str:
    """The inferred connect timeout, its retries, and what a short connect timeout saves."""
    if t.attempts > 1:
        shape = f"{t.invocations} failing invocations lasted about {t.duration_s:g} s: {connect_attempts(t)}"
    else:
        shape = (
            f"{t.invocations} failing invocations lasted about {t.duration_s:g} s with one logged "
            "connect attempt each: the client's connect timeout, or the total of retries it did "
            "not log"
        )
    parts = [shape + "."]
    if t.known_as:
        parts.append(f"That is {t.known_as}.")
    if t.function_timeouts:
        parts.append(f'{t.function_timeouts} ended in "Task timed out".')
    if t.saved_s:
        parts.append(would_have_saved(t))
    return " ".join(parts)


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and text else text


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    # A name longer than a line overflows it rather than being cut in the middle.
    return textwrap.wrap(
        text,
        _WIDTH.get(),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first or indent]


def _field(label: str, value: str) -> list[str]:
    return _wrap(value, " " * (LABEL + 2), f"  {label:<{LABEL}}")


def _fit(text: str, width: int) -> str:
    """Shorten `text` to `width` columns by cutting its middle."""
    if len(text) <= width:
        return text
    keep = width - 1
    return text[: keep - keep // 2] + "…" + text[len(text) - keep // 2 :]


def _command_lines(command: str, indent: str) -> list[str]:
    """A shell command wrapped with ` \\` continuations, never inside a quoted argument."""
    words = re.findall(r"(?:'[^']*'|\"[^\"]*\"|\S)+", command)
    lines: list[str] = []
    current = f"{indent}$ "
    for word in words:
        candidate = f"{current}{word}" if current.endswith(" ") else f"{current} {word}"
        if len(candidate) + 2 > _WIDTH.get() and not current.endswith("$ ") and current.strip():
            lines.append(current + " \\")
            current = f"{indent}  {word}"
        else:
            current = candidate
    lines.append(current)
    return lines


def _summary(report: Report, color: bool) -> list[str]:
    lines: list[str] = []
    for stats in report.inputs:
        skipped = ""
        if stats.skipped:
            reasons = ", ".join(f"{n} {clean(r)}" for r, n in sorted(stats.skipped_reasons.items()))
            skipped = f", {stats.skipped} skipped ({reasons})"
        if stats.truncated:
            skipped += f", {stats.truncated} truncated to max-message-bytes"
        lines += _wrap(f"{clean(stats.path)}: {stats.format}, {stats.events} events{skipped}", "    ", "")
    for bad in report.unreadable:
        lines += _wrap(f"{clean(bad.path)}: NOT READ: {clean(bad.message)}", "    ", "")
    for fn in report.functions:
        name = clean(function_label(fn.function, fn.source))
        count = plural(fn.invocations, "invocation")
        lines += _wrap(f"{name}: {count}, {fn.failed_invocations} failing", "      ", "  ")
    s = report.summary
    severity = _style(s.severity, _SEVERITY_STYLE[s.severity], color)
    if len(report.functions) > 1:  # the severity is one function's: the sum is no count of one
        lines += _wrap(
            f"Total: {s.events} events, {s.invocations} invocations of "
            f"{len(report.functions)} functions, {s.failed_invocations} failing in all "
            f"(counted per function above). Highest severity of one function: {severity}",
            "    ",
            "",
        )
    else:
        lines.append(
            f"Total: {s.events} events, {s.invocations} invocations, "
            f"{s.failed_invocations} failing. Severity: {severity}"
        )
    note = skipped_events_note(report.inputs)
    if note:
        lines += _wrap(f"Warning: {clean(note)}", "    ", "")
    if report.unreadable:
        unread = len(report.unreadable)
        lines.append(
            f"{plural(unread, 'input')} could not be read: "
            f"the verdict does not cover {'them' if unread != 1 else 'it'}."
        )
    if not report.findings:
        where = " in what could be read" if report.unreadable else ""
        lines += ["", f"No connection failures found{where}."]
    return lines


def _destinations(f: Finding, color: bool) -> list[str]:
    shown = f.destinations[:TOP_DESTINATIONS]
    more = f" (top {len(shown)} of {len(f.destinations)})" if len(f.destinations) > len(shown) else ""
    rows = [
        (str(d.invocations), d.category, one_line(destination(d.host, d.port)), d.service or "")
        for d in shown
    ]
    service_w = max(len("service"), *(len(r[3]) for r in rows))
    dest_w = min(max(len("destination"), *(len(r[2]) for r in rows)), _WIDTH.get() - 27 - service_w)
    head = f"  {'failing':>7}  {'error':<12}  {'destination':<{dest_w}}  service"
    lines = [_style(f"Destinations{more}", "1", color), _style(head.rstrip(), "2", color)]
    costs = [destination_cost(d) if len(f.destinations) > 1 else None for d in shown]
    for (count, category, dest, service), cost in zip(rows, costs, strict=True):
        lines.append(f"  {count:>7}  {category:<12}  {_fit(dest, dest_w):<{dest_w}}  {service}".rstrip())
        if cost:
            lines += _wrap(cost, " " * 11)
    return lines


def _sources(f: Finding, color: bool) -> list[str]:
    failing = [s for s in f.sources if s.failed_invocations]
    lines = [_style("Execution environments (log streams), failing first", "1", color)]
    shown = failing[:TOP_SOURCES]
    for s in shown:
        count = f"{s.failed_invocations}/{s.total_invocations}"
        lines.append(f"  {count:>9} failing  {one_line(s.log_stream or '(no log stream)')}")
        where = []
        if s.local_addresses:
            where.append("local " + ", ".join(one_line(a) for a in s.local_addresses))
        if s.subnet or s.availability_zone:
            where.append(" in ".join(one_line(x) for x in (s.subnet, s.availability_zone) if x))
        if where:
            lines += _wrap("; ".join(where), " " * 21)
    hidden = f.failing_streams - len(shown)
    if hidden > 0:
        lines.append(f"  ... and {hidden} more failing environments")
    clean_count = f.stream_count - f.failing_streams
    if clean_count:
        lines.append(f"  {healthy_environments(clean_count)}")
    return lines


def _primary(p: ErrorCount) -> list[str]:
    facts = [p.category if p.code == p.category else f"{p.category} ({one_line(p.code)})"]
    if p.service:
        facts.append(p.service)
    facts.append(plural(p.invocations, "invocation"))
    lines = _field("Primary error", one_line(p.message))
    lines += _wrap(", ".join(facts), " " * (LABEL + 2))
    if p.example:
        example = one_line(p.example)
        room = 3 * (_WIDTH.get() - LABEL - 2) - 10  # three wrapped lines at most
        lines += _field("Example line", example if len(example) <= room else example[:room] + " …")
    return lines


def _remediation(steps: Sequence[Remediation], color: bool) -> list[str]:
    lines = [_style("What to check, in order", "1", color)]
    for number, step in enumerate(steps, 1):
        lines += _wrap(step.title, "     ", f"  {number}. ")
        if step.commands:
            lines += [_style(line, "36", color) for line in _command_lines(step.commands[0], "     ")]
        elif step.snippets:
            library, code = step.snippets[0]
            lines.append(f"     {library}:")
            for line in code.splitlines():
                lines += [_style(part, "36", color) for part in _wrap(line, " " * 11, " " * 7)]
    lines += _wrap("Every step with its commands: connfail analyze --format markdown (or json).", "  ")
    return lines


def _finding(f: Finding, color: bool) -> list[str]:
    name = clean(function_label(f.function, f.source))
    badge = _style(f" {f.severity} ", _SEVERITY_STYLE[f.severity], True) if color else f"[{f.severity}]"
    count = f"{f.failed_invocations} of {f.total_invocations} invocations could not connect"
    heading = f"[{f.severity}] {name}: {count}"
    rule = "-" * _WIDTH.get()
    if len(heading) <= _WIDTH.get():
        lines = ["", f"{badge} {_style(name, '1', color)}: {count}", rule]
    else:  # a long name gets a line of its own
        lines = ["", f"{badge} {_style(name, '1', color)}", f"{count[0].upper()}{count[1:]}", rule]
    lines += _wrap(one_line(finding_message(f)))
    lines.append("")
    lines += _primary(f.primary)
    lines += _field("Time window", time_window(f.first_seen, f.last_seen))
    lines += _field("Time burned", wasted(f.wasted))
    if f.timeout is not None:
        lines += _field("Connect timeout", timeout_sentence(f.timeout))
    if f.runtimes:
        lines += _field("Runtime", ", ".join(f.runtimes))
    if f.network is not None:
        from checker.render.network import text_lines

        lines += ["", *text_lines(f.network, lambda t, i, first: _wrap(t, i, first), _command_lines)]
    lines.append("")
    lines += _destinations(f, color)
    lines.append("")
    lines += _sources(f, color)
    if f.remediation:
        lines.append("")
        lines += _remediation(f.remediation, color)
    return lines


def render_text(report: Report, *, color: bool = False, width: int = WIDTH) -> str:
    """The report for a terminal or a text file, wrapped at `width` columns."""
    token = _WIDTH.set(width)
    try:
        lines = _summary(report, color)
        for finding in report.findings:
            lines += _finding(finding, color)
    finally:
        _WIDTH.reset(token)
    return "\n".join(lines) + "\n"
