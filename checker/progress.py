"""A progress display on stderr while a long input is read: bytes, events, invocations.

Shown only on an interactive terminal (checker.terminal.progress_wanted) and only once a run
has taken PROGRESS_DELAY seconds, so short runs, pipes, CI logs and `--quiet` never see it. The
drawing is tqdm's (a well-kept library that handles terminal widths and redraws). It prints
numbers only, never a file name or a log line, so it needs no redaction.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import replace
from typing import IO, TYPE_CHECKING, NoReturn

from checker.ingest.sources import InputFile

if TYPE_CHECKING:
    from tqdm import tqdm

PROGRESS_DELAY = 1.0  # seconds before the display appears


class _Counted(io.RawIOBase):
    """`inner`'s bytes, each read counted on the progress display."""

    def __init__(self, inner: IO[bytes], progress: Progress) -> None:
        self._inner = inner
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self._progress.read(len(data))
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


class Progress:
    """Counts what the pipeline has read, and draws it on `stream` (stderr)."""

    def __init__(self, stream: IO[str], total_bytes: int | None) -> None:
        from tqdm import tqdm  # only runs that show progress pay for the import

        self._bar: tqdm[NoReturn] = tqdm(
            total=total_bytes or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            delay=PROGRESS_DELAY,
            file=stream,
            leave=False,
            dynamic_ncols=True,
            desc="connfail",
        )
        self.events = 0
        self._started = time.monotonic()
        self._shown = 0.0

    def watch(self, source: InputFile) -> InputFile:
        """`source`, its raw bytes counted as they are read (before any inflating)."""
        opened = source.open

        def counted() -> IO[bytes]:
            return io.BufferedReader(_Counted(opened(), self), buffer_size=1 << 20)

        return replace(source, open=counted)

    def read(self, count: int) -> None:
        self._bar.update(count)

    def batch(self, events: int, invocations: Callable[[], int]) -> None:
        """Count a batch; `invocations` (finished so far) is asked at most twice a second."""
        self.events += events
        now = time.monotonic()
        if now - self._shown >= 0.5:
            self._shown = now
            self._bar.set_postfix_str(
                f"{self.events:,} events, {invocations():,} invocations",
                refresh=now - self._started >= PROGRESS_DELAY,
            )

    def close(self) -> None:
        self._bar.close()
