"""Errors a user can fix (one line `FILE: reason`, exit 2) and the line for those they cannot (3)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from checker.redact import public_line

# The exit codes of every face, declared once (README "Severity and exit codes").
EXIT_INPUT = 2  # usage, configuration or input error
EXIT_INTERNAL = 3  # a bug in connfail: no verdict
DEBUG_VARIABLE = "CONNFAIL_DEBUG"
LINE_LIMIT = 1000  # characters of one error line: a reason can quote hostile input
_ATTRIBUTE = "_connfail_input"
# An error line quotes input (a JSON key, a value, a zip entry name): it may be megabytes.
# Each part (path, reason) is cut to MAX_SHOWN; a whole line, whatever it holds, to LINE_LIMIT.
MAX_SHOWN = 300


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters, with `…` when something was left out."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(Exception):
    """An input that cannot be read as a CloudWatch Logs export (or a bad path, config...)."""

    def __init__(self, path: str, reason: str) -> None:
        path, reason = shorten(path), shorten(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(InputError):
    """A configuration file or flag that breaks its schema."""


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """`text` made public (checker.redact) as one line of at most `limit` characters."""
    flat = public_line(" ".join(text.split()))
    return shorten(flat, limit)


def error_line(exc: InputError) -> str:
    """The one line an input error prints (after `connfail: ` or `::error::`)."""
    return one_line(str(exc))


@contextmanager
def reading(path: str) -> Iterator[None]:
    """Remember `path` on any unexpected exception raised while reading it, for its one line."""
    try:
        yield
    except InputError:
        raise
    except BaseException as exc:  # MemoryError and RecursionError too
        if getattr(exc, _ATTRIBUTE, None) is None:
            try:
                setattr(exc, _ATTRIBUTE, path)
            except (AttributeError, MemoryError):
                pass
        raise


def internal_error_line(exc: BaseException) -> str:
    """`internal error while reading FILE: Type: message (...)`: no traceback, one line."""
    path = getattr(exc, _ATTRIBUTE, None)
    where = f" while reading {path}" if path else ""
    message = str(exc) if not isinstance(exc, RecursionError) else "maximum recursion depth exceeded"
    detail = type(exc).__name__ + (f": {message}" if message else "")
    return one_line(
        f"internal error{where}: {detail} (a bug in connfail: please report "
        "it; rerun with --debug for the traceback)"
    )


def debug_requested(flag: bool = False) -> bool:
    """--debug, or CONNFAIL_DEBUG set to anything but empty, 0, false or no."""
    value = os.environ.get(DEBUG_VARIABLE, "").strip().lower()
    return flag or value not in ("", "0", "false", "no")
