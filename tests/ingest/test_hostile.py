"""Hostile inputs through the real CLI (issue 8): one line naming the file, exit 2, no traceback.

Each case runs `connfail analyze` (and, where the answer differs, `validate`) in a subprocess,
so a crash of a C extension (SIGSEGV) shows as a negative exit code, not as a test error.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.ingest import hostile as h
from tests.ingest.lines import NODE_TIMEOUT, T0, end, event, filter_export, node_error, report, start


def run(
    *args: str, stdin: bytes | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "checker", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def one_error(done: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a run that exited 2 without a traceback."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


ERRORS = {
    # (builder, the reason after "PATH: ")
    "bigint-gz": (
        h.big_integer_gz,
        "not valid JSON: Exceeds the limit (4300 digits) for integer string conversion",
    ),
    "deep-envelope": (h.deep_envelope, "refused: JSON nested too deep"),
    "deep-general": (h.deep_general, "refused: JSON nested deeper than 64 levels"),
    "deflate64": (
        h.zip_method(9),
        "the zip member uses compression method 9, which Python's zipfile "
        "cannot read (e.g. Deflate64): re-zip it with plain Deflate",
    ),
    "encrypted": (h.zip_encrypted, "the zip member is encrypted: connfail reads no password"),
    "bad-crc": (h.zip_bad_crc, "corrupt zip member (Bad CRC-32 for file 'export.json')"),
    "zip-truncated": (h.zip_truncated, "not a valid zip archive (File is not a zip file)"),
    "zip-corrupt": (h.zip_corrupt_member, "corrupt compressed data (Error -3 while decompressing data: "),
    "gzip-corrupt": (h.gzip_corrupt, "corrupt compressed data (Error -3 while decompressing data: "),
    "gzip-truncated": (
        h.gzip_truncated,
        "truncated compressed data: the file ends before its end-of-stream marker",
    ),
    "events-twice-fast": (h.duplicate_events(True), "refused: the top-level key 'events' appears twice"),
    "events-twice-general": (h.duplicate_events(False), "refused: the top-level key 'events' appears twice"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_input_is_one_line_exit_2(case: str, tmp_path: Path) -> None:
    build, reason = ERRORS[case]
    paths = build(tmp_path)
    line = one_error(run("analyze", *paths))
    assert line.startswith(f"connfail: {paths[0]}")
    assert reason in line
    assert reason in one_error(run("validate", *paths))


def test_huge_integer_in_a_zip_member_does_not_crash(tmp_path: Path) -> None:
    """ijson's C backend segfaulted (exit -11) on a 5,000-digit integer in a member's first 64 KB."""
    doc = b'{"events": [{"timestamp": ' + b"7" * 5000 + b', "message": "x"}]}'
    path = h.write(tmp_path, "bigint.zip", h.zip_bytes({"export.json": doc}))
    assert one_error(run("analyze", path)) == (
        f"connfail: {path}!export.json: not valid JSON: Exceeds the limit (4300 digits) for integer "
        "string conversion"
    )
    doc = b'{"events": [], "nextToken": ' + b"7" * 5000 + b"}"
    gz = h.write(tmp_path, "tail.json.gz", gzip.compress(doc))
    assert one_error(run("analyze", gz)) == f"connfail: {gz}: not valid JSON: parse error: integer overflow"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (b"1e20", "/events/1/timestamp: 1e+20 is greater than the maximum of 253402300799999"),
        (b"-1e20", "/events/1/timestamp: -1e+20 is less than the minimum of 0"),
        (b"NaN", "/events/1/timestamp: nan is not of type 'integer'"),
        (b"100000000000000000000", "/events/1/timestamp: 100000000000000000000 is greater than the maximum"),
    ],
)
def test_out_of_range_timestamp_is_a_counted_invalid_event(
    value: bytes, problem: str, tmp_path: Path
) -> None:
    [path] = h.timestamp(value)(tmp_path)
    done = run("analyze", "--format", "json", path)
    assert done.returncode == 0 and done.stderr == ""
    [stats] = json.loads(done.stdout)["inputs"]
    assert (stats["events"], stats["skipped"], stats["skipped_reasons"]) == (3, 1, {"invalid event": 1})
    assert one_error(run("validate", path)).startswith(f"{path}: {problem}")


def test_lone_surrogate_in_a_message_is_printed_as_replacement(tmp_path: Path) -> None:
    [path] = h.lone_surrogate(tmp_path)
    done = run("analyze", "--format", "json", path)
    assert done.returncode == 0, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["invocations"][0]["message"] == "connect ETIMEDOUT 10.0.3.47:5432 \ufffd"
    text = run("analyze", path)
    assert text.returncode == 0 and "\ufffd" in text.stdout


def test_long_error_line_is_cut_to_300_characters(tmp_path: Path) -> None:
    [path] = h.huge_value(tmp_path)
    line = one_error(run("analyze", path))
    assert line.startswith(f"connfail: {path}: /events/0/timestamp: '9999")
    assert line.endswith("…") and len(line) == len(f"connfail: {path}: ") + 300
    assert one_error(run("validate", path)).endswith("…")


def test_validate_says_why_it_exits_2_on_a_zip_of_hidden_files(tmp_path: Path) -> None:
    [path] = h.zip_hidden_only(tmp_path)
    assert one_error(run("validate", path)) == f"{path}: no CloudWatch Logs export found"
    assert one_error(run("analyze", path)) == f"connfail: {path}: no CloudWatch Logs export found"


def test_clashing_dot_and_long_zip_entries_are_read_or_noted(tmp_path: Path) -> None:
    [path] = h.zip_clashing_entries(tmp_path)
    done = run("analyze", "--format", "json", path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert [i["path"] for i in report["inputs"]] == [
        f"{path}!a.json",
        f"{path}!a.json/b.json",
        f"{path}!{'x' * 1000}.json",
    ]
    assert report["ignored_files"] == [
        {"path": f"{path}!.", "reason": "not a CloudWatch Logs export: no line looks like a Lambda log line"}
    ]


# -- folders ------------------------------------------------------------------------------------


def export_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.json").write_bytes(h.export_bytes())
    return folder


def test_dangling_symlink_fifo_and_device_are_noted_never_opened(tmp_path: Path) -> None:
    folder = export_folder(tmp_path)
    (folder / "gone.json").symlink_to(tmp_path / "missing.json")
    os.mkfifo(folder / "pipe.json")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "linked").symlink_to(tmp_path)
    done = run("analyze", "--format", "json", str(folder))
    assert done.returncode == 0
    notes = {
        f"connfail: note: {folder}/gone.json: skipped, dangling symbolic link (its target does not exist)",
        f"connfail: note: {folder}/pipe.json: skipped, not a regular file (FIFO), not opened",
        f"connfail: note: {folder}/zero: skipped, not a regular file (device file), not opened",
        f"connfail: note: {folder}/linked: skipped, symbolic link to a folder, not followed "
        "(name the folder itself)",
    }
    assert set(done.stderr.strip().splitlines()) == notes
    report = json.loads(done.stdout)
    assert [i["path"] for i in report["inputs"]] == [f"{folder}/a.json"]
    assert {i["path"] for i in report["ignored_files"]} == {
        f"{folder}/{n}" for n in ("gone.json", "pipe.json", "zero", "linked")
    }


@pytest.fixture
def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply (root reads anything without it)."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


def test_unreadable_file_and_subfolder_are_errors(unprivileged: tuple[str, ...], tmp_path: Path) -> None:
    export = tmp_path / "a.json"
    export.write_bytes(h.export_bytes())
    export.chmod(0o000)
    assert one_error(run("analyze", str(export), prefix=unprivileged)) == (
        f"connfail: {export}: cannot read: Permission denied"
    )
    export.chmod(0o644)
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "b.json").write_bytes(h.export_bytes())
    sub.chmod(0o000)
    try:
        # An export the user pointed at that cannot be read: an error, never a silent NONE.
        assert one_error(run("analyze", str(tmp_path), prefix=unprivileged)) == (
            f"connfail: {sub}: cannot read folder: Permission denied"
        )
        # validate prints its problems as `FILE: reason`, like its schema problems.
        assert one_error(run("validate", str(tmp_path), prefix=unprivileged)) == (
            f"{sub}: cannot read folder: Permission denied"
        )
    finally:
        sub.chmod(0o755)


# -- caps ---------------------------------------------------------------------------------------

PADDING = "x" * 50_000


def capped_config(tmp_path: Path, **settings: int) -> str:
    config = tmp_path / ".connfail.yml"
    config.write_text("".join(f"{k}: {v}\n" for k, v in settings.items()))
    return str(config)


def long_failure_events() -> list[dict[str, object]]:
    """One invocation whose connection failure message is 50 KB long (its error comes first)."""
    return [
        event(T0, start(1)),
        event(T0 + 1, node_error(1, "2026-11-23T10:00:01.000Z", NODE_TIMEOUT + " " + PADDING)),
        event(T0 + 2, end(1)),
        event(T0 + 3, report(1)),
    ]


def truncated(done: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    """(events, truncated_messages, failed invocations) of a JSON report."""
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    [stats] = report["inputs"]
    return stats["events"], stats["truncated_messages"], report["summary"]["failed_invocations"]


@pytest.mark.parametrize("wrap", ["plain", "gzip", "general"])
def test_long_json_message_is_analyzed_on_its_first_part(wrap: str, tmp_path: Path) -> None:
    config = capped_config(tmp_path, **{"max-message-bytes": 4096})
    doc = filter_export(long_failure_events())
    if wrap == "general":  # a key before `events`: the streaming reader, not the sliced one
        doc = '{"nextToken": "t",' + doc[1:]
    data = gzip.compress(doc.encode()) if wrap == "gzip" else doc.encode()
    path = h.write(tmp_path, "long.json" + (".gz" if wrap == "gzip" else ""), data)
    assert truncated(run("analyze", "--config", config, "--format", "json", path)) == (4, 1, 1)
    text = " ".join(run("analyze", "--config", config, path).stdout.split())
    assert f"{path}: filter-log-events, 4 events, 1 truncated to max-message-bytes" in text


def test_long_text_line_on_stdin_and_in_a_file_is_cut(tmp_path: Path) -> None:
    config = capped_config(tmp_path, **{"max-message-bytes": 4096})
    error = node_error(1, "2026-11-23T10:00:01.000Z", NODE_TIMEOUT + " " + PADDING)
    lines = (
        f"2026-11-23T10:00:00.000Z {start(1)}"
        f"2026-11-23T10:00:01.000Z {error}"
        f"2026-11-23T10:00:02.000Z {end(1)}2026-11-23T10:00:02.000Z {report(1)}"
    )
    path = h.write(tmp_path, "long.log", lines.encode())
    assert truncated(run("analyze", "--config", config, "--format", "json", path)) == (4, 1, 1)
    assert truncated(run("analyze", "--config", config, "--format", "json", "-", stdin=lines.encode())) == (
        4,
        1,
        1,
    )


def test_endless_continuation_lines_are_cut(tmp_path: Path) -> None:
    """A gzip of newlines after a line: the event keeps max-message-bytes of them."""
    config = capped_config(tmp_path, **{"max-message-bytes": 4096})
    error = node_error(1, "2026-11-23T10:00:01.000Z", NODE_TIMEOUT)
    lines = (
        f"2026-11-23T10:00:00.000Z {start(1)}2026-11-23T10:00:01.000Z {error}"
        + "\n" * 20_000
        + f"2026-11-23T10:00:02.000Z {end(1)}2026-11-23T10:00:02.000Z {report(1)}"
    )
    path = h.write(tmp_path, "000000.gz", gzip.compress(lines.encode()))
    done = run("analyze", "--config", config, "--format", "json", path)
    assert truncated(done) == (4, 1, 1)
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["invocations"][0]["message"] == "connect ETIMEDOUT 10.0.3.47:5432"


def test_long_csv_field_is_cut_and_the_row_still_read(tmp_path: Path) -> None:
    config = capped_config(tmp_path, **{"max-message-bytes": 4096})
    long = node_error(1, "2026-11-23T10:00:01.000Z", NODE_TIMEOUT + ' "quoted" ' + PADDING).replace('"', '""')
    rows = [
        "@timestamp,@message,@logStream",
        f'2026-11-23 10:00:00.000,"{start(1)}",s1',
        f'2026-11-23 10:00:01.000,"{long}",s1',
        f'2026-11-23 10:00:02.000,"{end(1)}",s1',
        f'2026-11-23 10:00:02.000,"{report(1)}",s1',
    ]
    path = h.write(tmp_path, "long.csv", ("\r\n".join(rows) + "\r\n").encode())
    done = run("analyze", "--config", config, "--format", "json", path)
    assert truncated(done) == (4, 1, 1)
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["sources"][0]["log_stream"] == "s1"  # the field after the long one is intact


def test_inflation_cap_counts_all_members_together(tmp_path: Path) -> None:
    config = capped_config(tmp_path, **{"max-inflated-bytes": 100_000})
    member = h.export_bytes(h.failing_events(25))  # ~40 KB each: three are over the cap
    assert 30_000 < len(member) < 50_000
    folder = tmp_path / "gz"
    for name in ("a", "b", "c"):
        h.write(folder, f"{name}.json.gz", gzip.compress(member))
    line = one_error(run("analyze", "--config", config, str(folder)))
    assert line == (
        f"connfail: {folder}/c.json.gz: inflates beyond the 100000-byte cap (all compressed "
        "files of this path together; setting max-inflated-bytes)"
    )
    members = {f"{n}.json": member for n in "abc"}
    archive = h.write(tmp_path, "three.zip", h.zip_bytes(members))
    assert one_error(run("analyze", "--config", config, archive)) == (
        f"connfail: {archive}: refused: zip inflates to {3 * len(member)} bytes, beyond the "
        "100000-byte cap (setting max-inflated-bytes)"
    )
    alone = run("analyze", "--config", config, str(folder / "a.json.gz"))  # one file is under the cap
    assert alone.returncode == 1 and alone.stderr == ""  # 25 failing invocations: HIGH


def test_max_message_bytes_below_1_kib_is_a_config_error(tmp_path: Path) -> None:
    config = capped_config(tmp_path, **{"max-message-bytes": 10})
    path = h.write(tmp_path, "a.json", h.export_bytes())
    assert one_error(run("analyze", "--config", config, path)) == (
        f"connfail: {config}: /max-message-bytes: 10 is less than the minimum of 1024"
    )
