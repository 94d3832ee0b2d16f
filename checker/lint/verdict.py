"""What a call's connect timeout is known to be, and which rule that breaks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from checker.lint.libraries import LIBRARIES_BY_ID, message
from checker.lint.rules import DEFAULT_TOO_LONG, DISABLED, MISSING, TOO_LONG


@dataclass(frozen=True)
class Connect:
    kind: str  # "missing" | "disabled" | "seconds" | "unknown"
    seconds: float | None = None
    detail: str = ""  # how it was disabled, as written: "timeout=None", "(None, read)"
    # The fix for this very value, keeping every other setting it came with ("add
    # sock_connect={connect} to this ClientTimeout"); empty: the library's own fix. `{connect}` is
    # filled in at judgement time, never above the maximum (libraries.fix_text).
    fix: str = field(default="", compare=False)


MISSING_CONNECT = Connect("missing")
UNKNOWN_CONNECT = Connect("unknown")


def seconds(value: float) -> Connect:
    return Connect("seconds", float(value))


def disabled(detail: str) -> Connect:
    return Connect("disabled", detail=detail)


def fixed(connect: Connect, fix: str) -> Connect:
    """`connect` with the fix that keeps the rest of what was written (see Connect.fix)."""
    return replace(connect, fix=fix)


def tighter(a: Connect, b: Connect) -> Connect:
    """Two limits that both apply (total and connect): the shorter wins, unknown taints."""
    if a.kind == "unknown" or b.kind == "unknown":
        return UNKNOWN_CONNECT
    if a.kind != "seconds":
        return b if b.kind == "seconds" else a
    if b.kind != "seconds":
        return a
    return a if (a.seconds or 0) <= (b.seconds or 0) else b


def judge(connect: Connect, library: str, call: str, maximum: float) -> tuple[str, str] | None:
    """(rule, message) when `connect` breaks a rule; None when it is fine or not known."""
    if connect.kind == "missing":
        default = LIBRARIES_BY_ID[library].default_connect
        if default is None:
            rule = MISSING
        elif default > maximum:
            rule = DEFAULT_TOO_LONG
        else:
            return None
    elif connect.kind == "disabled":
        rule = DISABLED
    elif connect.kind == "seconds" and connect.seconds is not None and connect.seconds > maximum:
        rule = TOO_LONG
    else:
        return None
    return rule, message(
        rule, library, call, seconds=connect.seconds, maximum=maximum, detail=connect.detail, fix=connect.fix
    )
