"""What the terminal wants: colour, width, and whether to show progress.

The conventions users of CLI tools expect (https://no-color.org, https://force-color.org):
`NO_COLOR` (any non-empty value) turns colour off, `FORCE_COLOR` (non-empty, not `0`) turns it on
even in a pipe, `TERM=dumb` means a terminal that understands no escape codes; otherwise colour
follows whether the stream is a terminal. NO_COLOR wins over FORCE_COLOR.
"""

from __future__ import annotations

import os
import shutil
from typing import IO

DEFAULT_WIDTH = 80  # files and pipes get this width, so a saved report does not depend on a window
MIN_WIDTH = 60
MAX_WIDTH = 160  # wider lines stop being readable, whatever the window


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def dumb() -> bool:
    return os.environ.get("TERM") == "dumb"


def colour_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return _isatty(stream) and not dumb()


def width(stream: IO[str]) -> int:
    """Columns to render for: the terminal's (bounded), or DEFAULT_WIDTH off a terminal."""
    if not _isatty(stream):
        return DEFAULT_WIDTH
    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def progress_wanted(stream: IO[str]) -> bool:
    """A live progress display belongs on an interactive terminal that can redraw a line."""
    return _isatty(stream) and not dumb()
