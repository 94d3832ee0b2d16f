"""Turn command-line PATHs into byte sources: files, directories, .zip archives, .gz, stdin.

Archives are hostile until proven otherwise: a zip entry that would land outside its folder
is refused, and nothing may inflate past the configured cap.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from checker.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True)
class Source:
    """One file to read; `explicit` when the user named it (not found inside a folder or zip)."""

    name: str
    open: Callable[[], IO[bytes]]
    explicit: bool


class CappedReader(io.RawIOBase):
    """Raises InputError once more than `cap` bytes came out of `inner` (a decompressor)."""

    def __init__(self, inner: IO[bytes], cap: int, name: str) -> None:
        self._inner = inner
        self._left = cap
        self._cap = cap
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._read_inner(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _read_inner(self, size: int) -> bytes:
        try:
            data = self._inner.read(size)
        except (OSError, EOFError) as exc:
            raise InputError(self._name, _gzip_problem(exc)) from None
        self._left -= len(data)
        if self._left < 0:
            raise InputError(
                self._name, f"inflates beyond the {_size(self._cap)} cap (setting max-inflated-bytes)"
            )
        return data

    def close(self) -> None:
        self._inner.close()
        super().close()


def _gzip_problem(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip data"
    return f"not valid gzip data ({exc})"


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count}-byte"


def decoded(source: Source, cap: int) -> IO[bytes]:
    """The source's bytes, inflated when they are gzip (whatever the name says)."""
    raw = source.open()
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(_Raw(raw))
    magic = buffered.peek(2)[:2]
    if magic == GZIP_MAGIC:
        inner: IO[bytes] = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
        return io.BufferedReader(CappedReader(inner, cap, source.name), buffer_size=1 << 20)
    if source.name.endswith(".gz"):
        buffered.close()
        raise InputError(source.name, "not a gzip file, though its name ends in .gz")
    return buffered


class _Raw(io.RawIOBase):
    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def expand(paths: list[str], cap: int, stdin: IO[bytes] | None = None) -> Iterator[Source]:
    """Sources for each PATH, in order; a path that does not exist is an InputError."""
    for path in paths:
        if path == "-":
            yield from _stdin_sources(stdin if stdin is not None else sys.stdin.buffer, cap)
            continue
        target = Path(path)
        if target.is_dir():
            found = list(_walk(target, cap))
            if not found:
                raise InputError(path, "directory holds no file connfail can read")
            yield from found
        elif target.is_file():
            yield from _file_sources(target, str(target), explicit=True, cap=cap)
        elif target.exists():
            raise InputError(path, "not a regular file or directory")
        else:
            raise InputError(path, "no such file or directory")


def _walk(folder: Path, cap: int) -> Iterator[Source]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                yield from list(_file_sources(path, str(path), explicit=False, cap=cap))
            except (InputError, OSError) as exc:
                # One bad file does not hide the folder's others: reading it reports the error.
                yield Source(str(path), _failing(exc, str(path)), explicit=False)


def _failing(exc: InputError | OSError, name: str) -> Callable[[], IO[bytes]]:
    def fail() -> IO[bytes]:
        if isinstance(exc, InputError):
            raise exc
        raise InputError(name, f"cannot read: {exc.strerror or exc}")
    return fail


def _file_sources(path: Path, name: str, *, explicit: bool, cap: int) -> Iterator[Source]:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic in (ZIP_MAGIC, EMPTY_ZIP_MAGIC) or path.suffix == ".zip":
        yield from _zip_sources(path, name, cap)
        return
    yield Source(name, lambda: path.open("rb"), explicit)


def _zip_sources(path: Path | IO[bytes], name: str, cap: int) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(name, f"not a valid zip archive ({exc})") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    for member in members:
        problem = unsafe_member(member.filename)
        if problem:
            raise InputError(name, f"refused: zip entry {member.filename!r} {problem}")
    total = sum(m.file_size for m in members)
    if total > cap:
        raise InputError(name, f"refused: zip inflates to {total} bytes, beyond the {_size(cap)} cap")
    if not members:
        raise InputError(name, "zip archive holds no file")
    for member in sorted(members, key=lambda m: m.filename):
        base = PurePosixPath(member.filename).name
        if base.startswith(".") or member.filename.startswith("__MACOSX/"):
            continue
        yield Source(
            f"{name}!{member.filename}",
            lambda member=member: archive.open(member),  # type: ignore[misc]
            explicit=False,
        )


def unsafe_member(filename: str) -> str | None:
    """Why a zip entry name would escape the extraction folder, or None when it is safe."""
    normalized = filename.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return "has an absolute path"
    if ".." in PurePosixPath(normalized).parts:
        return "escapes the folder with '..'"
    return None


def _stdin_sources(stream: IO[bytes], cap: int) -> Iterator[Source]:
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(_Raw(stream))
    if buffered.peek(4)[:4] in (ZIP_MAGIC, EMPTY_ZIP_MAGIC):
        spool = tempfile.TemporaryFile()
        while chunk := buffered.read(1 << 20):
            spool.write(chunk)
        spool.seek(0)
        yield from _zip_sources(spool, "<stdin>", cap)
        return
    yield Source("<stdin>", lambda: buffered, explicit=True)
