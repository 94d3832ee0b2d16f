"""Hostile inputs for the readers (issue 8): each builder writes files and returns the PATHs.

Shared by the corpus test (one real CLI run per case) and the fuzz harness. The log lines are
the fixtures' real shapes (tests/ingest/lines.py); what is hostile is the container around them.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.ingest.lines import NODE_TIMEOUT, T0, end, event, filter_export, node_error, report, start

Builder = Callable[[Path], list[str]]


def failing_events(count: int = 1) -> list[dict[str, object]]:
    """`count` invocations that each fail to connect (Node.js ETIMEDOUT), as filter-log-events events."""
    events: list[dict[str, object]] = []
    for n in range(1, count + 1):
        base = T0 + n * 10_000
        events += [
            event(base, start(n)),
            event(base + 1, node_error(n, "2026-11-23T10:00:01.000Z", NODE_TIMEOUT)),
            event(base + 2, end(n)),
            event(base + 3, report(n)),
        ]
    return events


def export_bytes(events: list[dict[str, object]] | None = None) -> bytes:
    return filter_export(failing_events() if events is None else events).encode()


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_zip(
    data: bytes, *, method: int | None = None, flags: int | None = None, crc: int | None = None
) -> bytes:
    """The zip with every local and central header's method, flag bits or CRC overwritten."""
    out = bytearray(data)
    for signature, method_at, flags_at, crc_at in ((b"PK\x03\x04", 8, 6, 14), (b"PK\x01\x02", 10, 8, 16)):
        at = out.find(signature)
        while at >= 0:
            if method is not None:
                struct.pack_into("<H", out, at + method_at, method)
            if flags is not None:
                struct.pack_into("<H", out, at + flags_at, flags)
            if crc is not None:
                struct.pack_into("<I", out, at + crc_at, crc)
            at = out.find(signature, at + 4)
    return bytes(out)


def write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def big_integer_gz(folder: Path) -> list[str]:
    doc = b'{"events": [{"timestamp": ' + b"1" * 5000 + b', "message": "x"}]}'
    return [write(folder, "bigint.json.gz", gzip.compress(doc))]


def big_integer_zip(folder: Path) -> list[str]:
    doc = b'{"nextForwardToken": ' + b"9" * 5000 + b', "events": []}'
    return [write(folder, "bigint.zip", zip_bytes({"export.json": doc}))]


def deep_envelope(folder: Path) -> list[str]:
    doc = export_bytes()[:-1] + b', "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return [write(folder, "deep.json", doc)]


def deep_event(folder: Path) -> list[str]:
    doc = b'{"events": [{"timestamp": 1, "message": "m", "x": ' + b"[" * 600 + b"]" * 600 + b"}]}"
    return [write(folder, "deep-event.json", doc)]


def deep_general(folder: Path) -> list[str]:
    """Keys before `events`: the general (ijson) reader."""
    doc = (
        b'{"nextForwardToken": "f/1", "events": [{"timestamp": 1, "message": "m", "x": '
        + b'{"a":' * 600
        + b"1"
        + b"}" * 600
        + b"}]}"
    )
    return [write(folder, "deep-general.json", doc)]


def timestamp(value: bytes) -> Builder:
    def build(folder: Path) -> list[str]:
        text = export_bytes().replace(str(T0 + 10_001).encode(), value, 1)
        return [write(folder, "stamp.json", text)]

    return build


def lone_surrogate(folder: Path) -> list[str]:
    text = export_bytes().replace(b"10.0.3.47:5432", b"10.0.3.47:5432 \\ud800", 1)
    return [write(folder, "surrogate.json", text)]


def lone_surrogate_general(folder: Path) -> list[str]:
    rows = [{"@timestamp": "2026-11-23 10:00:01.000", "@message": "x \ud800 y"}]
    return [write(folder, "surrogate-console.json", json.dumps(rows).encode())]


def zip_method(method: int) -> Builder:
    def build(folder: Path) -> list[str]:
        data = patch_zip(zip_bytes({"export.json": export_bytes()}, zipfile.ZIP_STORED), method=method)
        return [write(folder, f"method-{method}.zip", data)]

    return build


def zip_encrypted(folder: Path) -> list[str]:
    data = patch_zip(zip_bytes({"export.json": export_bytes()}), flags=0x1)
    return [write(folder, "encrypted.zip", data)]


def zip_bad_crc(folder: Path) -> list[str]:
    data = patch_zip(zip_bytes({"export.json": export_bytes()}), crc=0x12345678)
    return [write(folder, "crc.zip", data)]


def zip_truncated(folder: Path) -> list[str]:
    data = zip_bytes({"export.json": export_bytes()})
    return [write(folder, "truncated.zip", data[: len(data) // 2])]


def zip_corrupt_member(folder: Path) -> list[str]:
    data = bytearray(zip_bytes({"export.json": export_bytes(failing_events(20))}))
    for at in range(60, 400, 7):  # inside the deflate stream, past the local header
        data[at] ^= 0x55
    return [write(folder, "corrupt.zip", bytes(data))]


def gzip_corrupt(folder: Path) -> list[str]:
    data = bytearray(gzip.compress(export_bytes(failing_events(20))))
    for at in range(30, 300, 5):
        data[at] ^= 0x55
    return [write(folder, "corrupt.json.gz", bytes(data))]


def gzip_truncated(folder: Path) -> list[str]:
    data = gzip.compress(export_bytes(failing_events(20)))
    return [write(folder, "truncated.json.gz", data[: len(data) // 2])]


def zip_clashing_entries(folder: Path) -> list[str]:
    data = zip_bytes(
        {
            "a.json": export_bytes(),
            "a.json/b.json": export_bytes(),
            ".": b"x",
            "x" * 1000 + ".json": export_bytes(),
        }
    )
    return [write(folder, "clash.zip", data)]


def zip_hidden_only(folder: Path) -> list[str]:
    return [
        write(
            folder,
            "hidden.zip",
            zip_bytes({".hidden.json": export_bytes(), "__MACOSX/._export.json": b"\x00\x05"}),
        )
    ]


def duplicate_events(first: bool) -> Builder:
    """Two `events` arrays: the fast reader (`events` first) or the general one (a key before)."""

    def build(folder: Path) -> list[str]:
        one = json.dumps(failing_events(6))
        head = b"{" if first else b'{"nextToken": "t", '
        doc = head + b'"events": [], "events": ' + one.encode() + b"}"
        return [write(folder, "twice.json", doc)]

    return build


def huge_value(folder: Path) -> list[str]:
    doc = b'{"events": [{"timestamp": "' + b"9" * 5_000_000 + b'", "message": "m"}]}'
    return [write(folder, "huge-value.json", doc)]


def huge_key(folder: Path) -> list[str]:
    return [write(folder, "huge-key.json", b'{"' + b"k" * 5_000_000 + b'": 1}')]
