"""Turn command-line PATHs into byte sources: files, directories, .zip archives, .gz, stdin.

Archives are hostile until proven otherwise: a zip entry that would land outside its folder
is refused, and nothing may inflate past the configured cap.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from checker.errors import InputError
from checker.ingest.limits import Budget, RawStream, printable, size_text

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True)
class InputFile:
    """One file to read; `explicit` when the user named it (not found inside a folder or zip).

    `budget` is shared by every source of one PATH: what they inflate counts together.
    """

    name: str
    open: Callable[[], IO[bytes]]
    explicit: bool
    budget: Budget


@dataclass(frozen=True)
class Ignored:
    """A file inside a folder or zip that is no export: skipped with a note, not an error."""

    path: str
    reason: str


# What a broken archive member or compressed stream raises while it is read.
ARCHIVE_ERRORS = (
    OSError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
    lzma.LZMAError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


class CappedReader(io.RawIOBase):
    """`inner` (a decompressor) whose output is charged to `budget`; read errors become InputError."""

    def __init__(self, inner: IO[bytes], budget: Budget, name: str) -> None:
        self._inner = inner
        self._budget = budget
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
        except ARCHIVE_ERRORS as exc:
            raise InputError(self._name, read_problem(exc)) from None
        self._budget.spend(len(data), self._name)
        return data

    def close(self) -> None:
        self._inner.close()
        super().close()


def read_problem(exc: BaseException) -> str:
    """One line for an error met while inflating (gzip, zip member)."""
    if isinstance(exc, EOFError):
        return "truncated compressed data: the file ends before its end-of-stream marker"
    if isinstance(exc, zipfile.BadZipFile):
        return f"corrupt zip member ({exc})"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not valid gzip data ({exc})"
    if isinstance(exc, zlib.error | lzma.LZMAError):
        return f"corrupt compressed data ({exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read compressed data ({exc})"


def decoded(source: InputFile) -> IO[bytes]:
    """The source's bytes, inflated when they are gzip (whatever the name says)."""
    raw = source.open()
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(RawStream(raw))
    try:
        magic = buffered.peek(2)[:2]
    except ARCHIVE_ERRORS as exc:
        buffered.close()
        raise InputError(source.name, read_problem(exc)) from None
    if magic == GZIP_MAGIC:
        inner: IO[bytes] = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
        return io.BufferedReader(CappedReader(inner, source.budget, source.name), buffer_size=1 << 20)
    if source.name.endswith(".gz"):
        buffered.close()
        raise InputError(source.name, "not a gzip file, though its name ends in .gz")
    return buffered


def expand(paths: list[str], cap: int, stdin: IO[bytes] | None = None) -> Iterator[InputFile | Ignored]:
    """Sources for each PATH, in order, and the entries of folders and zips that are skipped.

    A path that does not exist or cannot be read is an InputError, and so is anything
    unreadable under a folder the user named: it may hold an export. Entries that cannot be
    an export (FIFOs, devices, sockets, dangling symbolic links) are never opened: they come
    back as Ignored, which every report lists.
    """
    for path in paths:
        budget = Budget(cap)
        if path == "-":
            yield from _stdin_sources(stdin if stdin is not None else sys.stdin.buffer, budget)
            continue
        name = printable(str(Path(path)))
        try:
            info = os.stat(path)
        except FileNotFoundError:
            # As typed: Path() would fold `//` and hide a DSN-shaped name from the redaction.
            raise InputError(
                printable(path),
                "no such file or directory"
                if not os.path.islink(path)
                else "a symbolic link to nothing (dangling)",
            ) from None
        except OSError as exc:
            raise InputError(printable(path), f"cannot read: {exc.strerror or exc}") from None
        if stat.S_ISDIR(info.st_mode):
            found = 0
            for item in _walk(Path(path), budget):
                found += isinstance(item, InputFile)
                yield item
            if not found:
                raise InputError(name, "directory holds no file connfail can read")
        elif stat.S_ISREG(info.st_mode):
            yield from _file_sources(Path(path), name, explicit=True, budget=budget)
        else:
            raise InputError(name, "not a regular file or directory")


def _walk(folder: Path, budget: Budget) -> Iterator[InputFile | Ignored]:
    """Depth first, names sorted; hidden entries skipped; nothing but regular files opened."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            # It may hold an export: an error in the report (exit 2), never a silent skip.
            yield _failing(
                InputError(printable(str(current)), f"cannot read folder: {exc.strerror or exc}"), budget
            )
            continue
        folders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            name = printable(entry.path)
            try:
                kind = _kind(entry)
                if kind == "folder":
                    folders.append(path)
                elif kind == "file":
                    yield from list(_file_sources(path, name, explicit=False, budget=budget))
                else:
                    yield Ignored(name, kind)
            except InputError as exc:
                # One bad file does not hide the folder's others: reading it reports the error.
                yield _failing(exc, budget)
        pending.extend(reversed(folders))


def _failing(exc: InputError, budget: Budget) -> InputFile:
    """A source whose reading raises `exc`: the report lists it as unreadable, in walk order."""

    def fail() -> IO[bytes]:
        raise exc

    return InputFile(exc.path, fail, False, budget)


def _kind(entry: os.DirEntry[str]) -> str:
    """'file', 'folder', or why the entry is skipped (it is never opened)."""
    try:
        if entry.is_symlink():
            try:
                info = os.stat(entry.path)
            except FileNotFoundError:
                return "dangling symbolic link (its target does not exist)"
            except OSError as exc:
                return f"symbolic link that cannot be followed ({exc.strerror or exc})"
            if stat.S_ISDIR(info.st_mode):
                return "symbolic link to a folder, not followed (name the folder itself)"
        else:
            info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        raise InputError(printable(entry.path), f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    if stat.S_ISREG(info.st_mode):
        return "file"
    kind = (
        "FIFO"
        if stat.S_ISFIFO(info.st_mode)
        else "socket"
        if stat.S_ISSOCK(info.st_mode)
        else "device file"
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
        else "special file"
    )
    return f"not a regular file ({kind}), not opened"


def _file_sources(path: Path, name: str, *, explicit: bool, budget: Budget) -> Iterator[InputFile | Ignored]:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if magic in (ZIP_MAGIC, EMPTY_ZIP_MAGIC) or path.suffix == ".zip":
        yield from _zip_sources(path, name, budget)
        return
    yield InputFile(name, lambda: path.open("rb"), explicit, budget)


def _zip_sources(path: Path | IO[bytes], name: str, budget: Budget) -> Iterator[InputFile | Ignored]:
    try:
        archive = zipfile.ZipFile(path)
        entries = archive.infolist()
    except ZIP_OPEN_ERRORS as exc:
        raise InputError(name, f"not a valid zip archive ({exc})") from None
    members = [m for m in entries if not m.is_dir()]
    for member in members:
        problem = unsafe_member(member.filename)
        if problem:
            raise InputError(name, f"refused: zip entry {member.filename!r} {problem}")
    total = sum(m.file_size for m in members)
    if total > budget.cap - budget.used:
        raise InputError(
            name,
            f"refused: zip inflates to {total} bytes, beyond the "
            f"{size_text(budget.cap)} cap (setting max-inflated-bytes)",
        )
    if not members:
        raise InputError(name, "zip archive holds no file")
    for member in sorted(members, key=lambda m: m.filename):
        base = PurePosixPath(member.filename).name
        if base.startswith(".") or member.filename.startswith("__MACOSX/"):
            continue
        label = printable(f"{name}!{member.filename}")
        problem = unreadable_member(member)
        if problem:
            raise InputError(label, problem)
        yield InputFile(
            label,
            lambda member=member, label=label: _open_member(archive, member, label, budget),  # type: ignore[misc]
            explicit=False,
            budget=budget,
        )


# What opening a zip archive or listing its entries raises on a file that is not one.
ZIP_OPEN_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError)
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})


def unreadable_member(member: zipfile.ZipInfo) -> str | None:
    """Why Python's zipfile cannot read a zip member (the readers and the Action's unpacking)."""
    if member.flag_bits & 0x1:
        return "the zip member is encrypted: connfail reads no password"
    if member.compress_type not in _ZIP_METHODS:
        return (
            f"the zip member uses compression method {member.compress_type}, which Python's "
            "zipfile cannot read (e.g. Deflate64): re-zip it with plain Deflate"
        )
    return None


def _open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, budget: Budget) -> IO[bytes]:
    try:
        inner = archive.open(member)
    except ARCHIVE_ERRORS as exc:
        raise InputError(label, read_problem(exc)) from None
    return io.BufferedReader(CappedReader(inner, budget, label), buffer_size=1 << 20)


def unsafe_member(filename: str) -> str | None:
    """Why a zip entry name would escape the extraction folder, or None when it is safe."""
    normalized = filename.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return "has an absolute path"
    if ".." in PurePosixPath(normalized).parts:
        return "escapes the folder with '..'"
    return None


def unsafe_to_extract(member: zipfile.ZipInfo) -> str | None:
    """The one check before a zip entry is written to disk (the Action's artifacts): its name
    (`unsafe_member`, what the readers check too), a NUL byte, or a symbolic link."""
    problem = unsafe_member(member.filename) or ("holds a NUL byte" if "\x00" in member.filename else None)
    if problem is None and (member.external_attr >> 16) & 0o170000 == 0o120000:
        problem = "is a symbolic link"
    return problem


def _stdin_sources(stream: IO[bytes], budget: Budget) -> Iterator[InputFile | Ignored]:
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(RawStream(stream))
    if buffered.peek(4)[:4] in (ZIP_MAGIC, EMPTY_ZIP_MAGIC):
        import tempfile  # only a zip on stdin needs it (it costs start-up time)

        spool = tempfile.TemporaryFile()
        while chunk := buffered.read(1 << 20):
            spool.write(chunk)
        spool.seek(0)
        yield from _zip_sources(spool, "<stdin>", budget)
        return
    yield InputFile("<stdin>", lambda: buffered, explicit=True, budget=budget)
