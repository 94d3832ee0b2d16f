"""The "Network" part of a finding in text and Markdown: verdicts, fixes, subnet/AZ split.

Pure: it shows what checker.network decided (Finding.network), computing nothing new.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.network.attribution import place
from checker.network.evaluate import Destination, FindingNetwork
from checker.phrasing import destination
from checker.redact import public
from checker.render.escape import md_code as _md_code
from checker.render.escape import md_fence as _md_fence
from checker.render.escape import md_text as _md_text
from checker.render.text import clean


def md_text(value: str) -> str:
    return _md_text(public(value))  # evidence is input: a group name can hold anything


def md_code(value: str, *, in_table: bool = False) -> str:
    return _md_code(public(value), in_table=in_table)


def md_fence(lines: list[str], info: str) -> str:
    return _md_fence([public(line) for line in lines], info)


def _where(d: Destination) -> str:
    shown = destination(d.host, d.port)
    resource = d.target.resource if d.target is not None and d.target.resource else ""
    return f"{shown} ({resource})" if resource else shown


def _flow_rows(d: Destination) -> list[str]:
    if d.flow is None:
        return []
    rows = []
    for s in d.flow.subnets:
        parts = []
        if s.rejected_out:
            parts.append(f"{s.rejected_out} REJECT out (SYN)")
        if s.rejected_return:
            parts.append(f"{s.rejected_return} REJECT of replies")
        if s.rejected_at_destination:
            parts.append(f"{s.rejected_at_destination} REJECT at the destination")
        parts.append(f"{s.accepted} ACCEPT out")
        rows.append(f"{place(s)}: {', '.join(parts)}")
    return rows


def text_lines(
    n: FindingNetwork, wrap: Callable[[str, str, str], list[str]], command: Callable[[str, str], list[str]]
) -> list[str]:
    """Lines for the terminal report; `wrap`/`command` are the text renderer's own helpers."""
    lines = ["Network (from the evidence folder)"]
    if n.note:
        return lines + wrap(clean(f"Not walked: {n.note}."), "    ", "  ")
    for d in n.destinations:
        lines += wrap(clean(f"{_where(d)}, {d.category}: {d.cause.code}"), "    ", "  ")
        lines += wrap(clean(d.cause.title), "      ", "    ")
        if d.cause.fix:
            lines += command(d.cause.fix, "    ")
        for v in d.verdicts:
            if v is not d.cause:
                lines += wrap(clean(f"Also: {v.code}: {v.title}"), "      ", "    ")
        if d.note:
            lines += wrap(clean(d.note), "      ", "    ")
        if d.prediction and d.flow is None:
            lines += wrap(clean(d.prediction), "      ", "    ")
        for row in _flow_rows(d):
            lines += wrap(clean(f"Flow logs: {row}"), "      ", "    ")
    return lines


def markdown_lines(n: FindingNetwork) -> list[str]:
    lines = ["**Network** (from the evidence folder)", ""]
    if n.note:
        return [*lines, md_text(f"Not walked: {n.note}.")]
    lines += ["| Destination | Error | Verdict | Subnets | Evidence |", "|---|---|---|---|---|"]
    for d in n.destinations:
        ids = ", ".join(md_code(i, in_table=True) for i in d.cause.ids)
        subnets = ", ".join(md_code(s, in_table=True) for s in d.cause.subnets)
        where = md_code(_where(d), in_table=True)
        lines.append(f"| {where} | {d.category} | `{d.cause.code}` | {subnets} | {ids} |")
    for d in n.destinations:
        shown = md_code(destination(d.host, d.port))
        lines += ["", f"- {shown}: **{d.cause.code}**: {md_text(d.cause.title)}"]
        if d.cause.fix:
            lines += ["", *("  " + line for line in md_fence([d.cause.fix], "sh").splitlines())]
        for v in d.verdicts:
            if v is not d.cause:
                lines += ["", f"  Also **{v.code}**: {md_text(v.title)}"]
                if v.fix:
                    lines += ["", *("  " + line for line in md_fence([v.fix], "sh").splitlines())]
        for extra in (d.note, d.prediction if d.flow is None else None):
            if extra:
                lines += ["", f"  {md_text(extra)}"]
        if d.flow is not None and d.flow.subnets:
            lines += [
                "",
                "  | Subnet (AZ ID) | REJECT out | REJECT of replies | REJECT at destination | ACCEPT out |",
                "  |---|---:|---:|---:|---:|",
            ]
            for s in d.flow.subnets:
                counts = (s.rejected_out, s.rejected_return, s.rejected_at_destination, s.accepted)
                cells = " | ".join(map(str, counts))
                lines.append(f"  | {md_code(place(s), in_table=True)} | {cells} |")
    return lines
