"""Each bad input gets one line naming the file and the problem, exit code 2, no traceback."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.ingest.lines import T0, event, filter_export, start

Maker = Callable[[Path], tuple[str, str]]  # builds the bad input, returns (path arg, expected reason)


def empty(tmp: Path) -> tuple[str, str]:
    (tmp / "empty.json").write_bytes(b"")
    return str(tmp / "empty.json"), "empty file"


def truncated(tmp: Path) -> tuple[str, str]:
    text = filter_export([event(T0, start(1))])
    (tmp / "cut.json").write_text(text[: len(text) // 2])
    return str(tmp / "cut.json"), "truncated JSON: the file ends inside a value"


def package_json(tmp: Path) -> tuple[str, str]:
    (tmp / "package.json").write_text(
        json.dumps({"name": "orders-api", "version": "1.4.0", "main": "index.js"})
    )
    return str(
        tmp / "package.json"
    ), "not a CloudWatch Logs export: a JSON object with keys name, version, main"


def empty_object(tmp: Path) -> tuple[str, str]:
    (tmp / "empty-object.json").write_text("{}\n")
    return str(tmp / "empty-object.json"), "not a CloudWatch Logs export: an empty JSON object"


def binary(tmp: Path) -> tuple[str, str]:
    # Latin-1 text and random bytes without a single NUL are still not UTF-8 text.
    (tmp / "dump.bin").write_bytes(bytes(range(1, 256)) * 8)
    return str(tmp / "dump.bin"), "not a CloudWatch Logs export: binary data"


def no_message(tmp: Path) -> tuple[str, str]:
    events = [{"logStreamName": "2026/11/20/[$LATEST]abc", "timestamp": T0, "eventId": "1"}]
    (tmp / "nomsg.json").write_text(filter_export(events))
    return str(tmp / "nomsg.json"), "/events/0: 'message' is required"


def not_utf8(tmp: Path) -> tuple[str, str]:
    text = filter_export([event(T0, "caf\u00e9 " + start(1))]).encode().replace(b"\\u00e9", b"\xe9")
    assert b"caf\xe9" in text
    (tmp / "latin1.json").write_bytes(text)
    return str(tmp / "latin1.json"), "not valid UTF-8: JSON text must be UTF-8 encoded"


def fake_gz(tmp: Path) -> tuple[str, str]:
    (tmp / "000000.gz").write_text("2026-11-20T10:00:00.000Z START RequestId: x\n")
    return str(tmp / "000000.gz"), "not a gzip file, though its name ends in .gz"


def _zip_with(tmp: Path, name: str) -> str:
    path = tmp / "artifact.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok.json", filter_export([event(T0, start(1))]))
        zf.writestr(name, "x")
    return str(path)


def zip_dotdot(tmp: Path) -> tuple[str, str]:
    return _zip_with(
        tmp, "../escape.json"
    ), "refused: zip entry '../escape.json' escapes the folder with '..'"


def zip_absolute(tmp: Path) -> tuple[str, str]:
    return _zip_with(tmp, "/etc/cron.d/x"), "refused: zip entry '/etc/cron.d/x' has an absolute path"


def gzip_bomb(tmp: Path) -> tuple[str, str]:
    (tmp / ".connfail.yml").write_text("max-inflated-bytes: 1000000\n")
    lines = (f"2026-11-20T10:00:00.000Z {start(1)}" * 40_000).encode()  # ~3 MB of text
    (tmp / "big.gz").write_bytes(gzip.compress(lines))
    return str(tmp / "big.gz"), (
        "inflates beyond the 1000000-byte cap (all compressed files of this "
        "path together; setting max-inflated-bytes)"
    )


def zip_bomb(tmp: Path) -> tuple[str, str]:
    (tmp / ".connfail.yml").write_text("max-inflated-bytes: 1000000\n")
    path = tmp / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.json", b" " * 2_000_000)
    return str(path), "refused: zip inflates to 2000000 bytes, beyond the 1000000-byte cap"


def no_supported(tmp: Path) -> tuple[str, str]:
    (tmp / "logs").mkdir()
    return str(tmp / "logs"), "directory holds no file connfail can read"


def missing(tmp: Path) -> tuple[str, str]:
    return str(tmp / "nope.json"), "no such file or directory"


CASES: list[Maker] = [
    empty,
    truncated,
    package_json,
    empty_object,
    binary,
    no_message,
    not_utf8,
    fake_gz,
    zip_dotdot,
    zip_absolute,
    gzip_bomb,
    zip_bomb,
    no_supported,
    missing,
]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
@pytest.mark.parametrize("command", ["analyze", "validate"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, make: Maker, command: str) -> None:
    arg, reason = make(tmp_path)
    result = run_cli(command, arg, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("connfail: note:")]
    assert len(lines) == 1, result.stderr
    assert arg.split("!")[0] in lines[0]
    assert reason in lines[0]


def test_zip_refusal_writes_nothing_outside(tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    arg, _ = zip_dotdot(tmp_path / "inner")
    run_cli("analyze", arg, cwd=tmp_path)
    assert not (tmp_path / "escape.json").exists()


def test_unknown_json_inside_a_directory_is_a_note_not_an_error(tmp_path: Path) -> None:
    package_json(tmp_path)
    (tmp_path / "orders.json").write_text(filter_export([event(T0, start(1))]))
    result = run_cli("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        f"connfail: note: {tmp_path / 'package.json'}: skipped, not a CloudWatch Logs export" in result.stderr
    )


def test_validate_lists_every_problem_with_its_pointer(tmp_path: Path) -> None:
    events = [event(T0, start(1)), {"timestamp": -5, "message": "x"}, {"timestamp": T0, "message": 7}]
    (tmp_path / "x.json").write_text(filter_export(events))
    result = run_cli("validate", str(tmp_path / "x.json"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'x.json'}: /events/1/timestamp: -5 is less than the minimum of 0",
        f"{tmp_path / 'x.json'}: /events/2/message: 7 is not of type 'string'",
    ]


def test_validate_accepts_a_valid_file(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(filter_export([event(T0, start(1))]))
    result = run_cli("validate", str(tmp_path / "x.json"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        f"{tmp_path / 'x.json'}: valid filter-log-events (1 events)\n",
    )


def test_stdin_garbage(tmp_path: Path) -> None:
    result = run_cli("analyze", "-", stdin=io.BytesIO(b"hello world\n").getvalue(), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "connfail: <stdin>: not a CloudWatch Logs export: no line looks like a Lambda log line"
    )
