"""What a call's connect timeout is known to be, and which rule that breaks."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from checker.client import fix_text
from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT
from checker.lint.rules import DEFAULT_TOO_LONG, DISABLED, MISSING, TOO_LONG

if TYPE_CHECKING:
    from checker.client import Client


@dataclass(frozen=True)
class Connect:
    kind: str  # "missing" | "disabled" | "seconds" | "unknown"
    seconds: float | None = None
    detail: str = ""  # how it was disabled, as written: "timeout=None", "(None, read)"
    # The fix for this very value, keeping every other setting it came with ("add
    # sock_connect={connect} to this ClientTimeout"); empty: the library's own fix. `{connect}` is
    # filled in at judgement time, never above the maximum (client.fix_text).
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


def judge(connect: Connect, library: Client, call: str, maximum: float) -> tuple[str, str] | None:
    """(rule, message) when `connect` breaks a rule; None when it is fine or not known."""
    if connect.kind == "missing":
        default = library.default_connect
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


def _seconds(value: float) -> str:
    if value == math.inf:  # an integer literal too large for a float
        return f"more than {sys.float_info.max:g} s"
    return f"{value:g} s"


def message(
    rule: str,
    library: Client,
    call: str,
    *,
    seconds: float | None = None,
    maximum: float = DEFAULT_MAX_CONNECT_TIMEOUT,
    detail: str = "",
    fix: str = "",
) -> str:
    """The one line a user reads: the call, what bounds it, the fix, which never sets more than
    `maximum`. `fix` replaces the library's canned fix when the call's own options or value decide
    it (add one knob to the options it already has; lower only the connect part of a value)."""
    default = library.default_text.format(default=_seconds(library.default_connect or 0))
    if rule == MISSING:
        what = f"no connect timeout, and {default}"
    elif rule == DISABLED:
        what = f"connect timeout disabled{f' ({detail})' if detail else ''}"
    elif rule == TOO_LONG:
        what = f"connect timeout of {_seconds(seconds or 0)} is above the {_seconds(maximum)} maximum"
    elif rule == DEFAULT_TOO_LONG:
        what = f"no connect timeout, and {default}, above the {_seconds(maximum)} maximum"
    else:  # pragma: no cover - the rules table and this function move together
        raise ValueError(rule)
    return f"{call}: {what}; {fix_text(fix or 'set ' + library.fix, maximum)}"
