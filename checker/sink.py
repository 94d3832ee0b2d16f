"""Where text leaves the process (stdout, stderr, report files): all of it through `public`.

JSON documents are made public value by value (keys included) by their renderers, before
encoding: a pass over encoded JSON could not tell a key from a value. Everything else passes
here whole, after the renderers made each piece of log text public: a second, cheap guard
that catches what a renderer forgot, a file name in an error message, an exception's text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from checker.redact import public, public_line
from checker.terminal import colour_wanted, progress_wanted, width

if TYPE_CHECKING:
    from checker.progress import Progress

Kind = Literal["text", "markdown", "json"]


def public_markdown(markdown: str) -> str:
    # Only Markdown needs the escaper's ZWJ (inserted to break @mentions: the one invisible we
    # write); importing it on first use spares the other formats html and its tables.
    from checker.render.escape import ZWJ

    return public(markdown, keep=ZWJ)


def public_text(text: str, kind: Kind, *, colour: bool = False) -> str:
    """A rendered report of `kind` as it may be shown or written."""
    if kind == "json":
        return text  # made public before encoding (checker.render.json, checker.lint.render)
    if kind == "markdown":
        return public_markdown(text)
    return public(text, colour=colour)


def emit(text: str, kind: Kind = "text", *, colour: bool = False, stream: IO[str] | None = None) -> None:
    """Write a rendered report to stdout."""
    out = stream or sys.stdout
    out.write(public_text(text, kind, colour=colour))
    out.flush()


def write_file(path: Path, text: str, kind: Kind = "text") -> None:
    """Write a rendered report to a file (OSError is the caller's to report)."""
    path.write_text(public_text(text, kind), encoding="utf-8")


def say(line: str, *, stream: IO[str] | None = None) -> None:
    """One line for the user on stderr (an error, a note): it can quote a file name or an
    exception, so it is redacted and kept to one line."""
    print(public_line(line), file=stream or sys.stderr)


def say_traceback(exc: BaseException) -> None:
    """The traceback `--debug` asks for, on stderr: it quotes input too, so it is made public."""
    import traceback

    for block in traceback.format_exception(exc):
        sys.stderr.write(public(block))
    sys.stderr.flush()


def stdout_colour() -> bool:
    """Whether stdout takes ANSI colour (NO_COLOR, FORCE_COLOR, TERM=dumb, a terminal)."""
    return colour_wanted(sys.stdout)


def stdout_width() -> int:
    """Columns a report on stdout is wrapped at: the terminal's, or 80 in a file or pipe."""
    return width(sys.stdout)


def progress_display(total_bytes: int | None) -> Progress | None:
    """A progress display on stderr, when stderr is an interactive terminal; None otherwise."""
    if not progress_wanted(sys.stderr):
        return None
    from checker.progress import Progress

    return Progress(sys.stderr, total_bytes)
