"""The conventions users of CLI tools expect: NO_COLOR/FORCE_COLOR/TERM=dumb, the terminal's
width, -q, a status line with --output, and a progress display only on a terminal."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from checker import progress as progress_module
from checker.ingest.sources import Budget, InputFile
from tests.conftest import EXAMPLES, ROOT

HIGH = str(EXAMPLES / "vpc-node-postgres.json")
ANSI = "\x1b["


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        timeout=120,
    )


def _run_in_terminal(*args: str, columns: int, **env: str) -> tuple[int, str]:
    """Run connfail with stdout and stderr on a pseudo-terminal `columns` wide: what a user sees."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), "TERM": "xterm", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_a_pipe_gets_no_colour_unless_forced() -> None:
    assert ANSI not in _run("analyze", HIGH).stdout
    assert ANSI in _run("analyze", HIGH, FORCE_COLOR="1").stdout
    assert ANSI not in _run("analyze", HIGH, FORCE_COLOR="0").stdout


def test_no_color_wins_over_force_color_and_a_terminal() -> None:
    assert ANSI not in _run("analyze", HIGH, FORCE_COLOR="1", NO_COLOR="1").stdout
    code, seen = _run_in_terminal("analyze", HIGH, columns=100, NO_COLOR="1")
    assert code == 1 and "[HIGH]" in seen and ANSI not in seen


def test_a_terminal_gets_colour_and_its_width() -> None:
    code, seen = _run_in_terminal("analyze", HIGH, columns=120)
    assert code == 1 and ANSI in seen
    assert "-" * 120 + "\n" in seen and "-" * 121 not in seen


def test_a_dumb_terminal_gets_no_colour() -> None:
    code, seen = _run_in_terminal("analyze", HIGH, columns=100, TERM="dumb")
    assert code == 1 and ANSI not in seen and "[HIGH]" in seen


def test_a_narrow_terminal_wraps_between_words_only() -> None:
    _, seen = _run_in_terminal("analyze", str(EXAMPLES / "insights-console-export.json"), columns=60)
    host = "vpc-products-4kq2xw7d5r3mbb6tkfz3q5xnvu.us-east-1.es.amazonaws.com:443"
    assert host in seen  # whole, on one line, though it is wider than the room left for it
    assert "-" * 60 + "\n" in seen


def test_files_and_pipes_get_80_columns() -> None:
    out = _run("analyze", HIGH).stdout
    assert "-" * 80 + "\n" in out and "-" * 81 not in out


def test_quiet_prints_nothing_and_the_exit_code_is_the_verdict() -> None:
    result = _run("analyze", "-q", HIGH)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    healthy = _run("analyze", "--quiet", str(EXAMPLES / "healthy-function.json"))
    assert (healthy.returncode, healthy.stdout, healthy.stderr) == (0, "", "")


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = _run("analyze", "-q", HIGH, str(tmp_path / "gone.json"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("connfail: ") and "gone.json" in result.stderr


def test_output_says_the_verdict_in_one_line_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = _run("analyze", HIGH, "--format", "json", "--output", str(out))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"connfail: HIGH: 28 of 150 invocations could not connect in 1 function; report written to {out}\n"
    )
    assert out.read_text().startswith("{")
    quiet = _run("analyze", "-q", HIGH, "--output", str(tmp_path / "r.txt"))
    assert (quiet.returncode, quiet.stderr) == (1, "") and (tmp_path / "r.txt").read_text()


def test_validate_quiet_prints_problems_only(tmp_path: Path) -> None:
    assert _run("validate", "-q", HIGH).stdout == ""
    assert "valid filter-log-events" in _run("validate", HIGH).stdout


def test_a_short_run_on_a_terminal_shows_no_progress() -> None:
    started = time.monotonic()
    _, seen = _run_in_terminal("analyze", HIGH, columns=100)
    if time.monotonic() - started >= progress_module.PROGRESS_DELAY:
        pytest.skip("the machine is too slow for a short run here: the display may rightly show")
    assert "invocations]" not in seen and "connfail:" not in seen.split("[HIGH]")[0]


def test_the_progress_display_counts_bytes_events_and_invocations(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Drawn (here without the one-second delay) on a stream: bytes read and the counts."""
    monkeypatch.setattr(progress_module, "PROGRESS_DELAY", 0)
    export = Path(HIGH)
    screen = io.StringIO()
    display = progress_module.Progress(screen, export.stat().st_size)
    source = display.watch(InputFile(str(export), lambda: export.open("rb"), True, Budget(1 << 30)))
    with source.open() as stream:
        assert stream.read() == export.read_bytes()
    display.batch(450, lambda: 150)
    display.close()
    drawn = screen.getvalue()
    assert "100%" in drawn and "450 events, 150 invocations" in drawn
