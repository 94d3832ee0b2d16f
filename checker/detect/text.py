"""Text helpers for the classifier: the evidence line, and a runtime guess for shared wordings."""

from __future__ import annotations

import re

from checker.detect.destination import split_local_address
from checker.detect.model import Runtime

# Lambda's own prefixes: Node/.NET `<ISO>Z\t<uuid>\t<LEVEL>\t`, Python `[LEVEL]\t<ISO>Z\t<uuid>\t`.
_PREFIX = re.compile(
    r"^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?\s+(?:[0-9a-fA-F-]{36}|undefined)\s+"
    r"(?:ERROR|WARN|INFO|DEBUG|TRACE|FATAL|fail|crit|warn|info|dbug|trce)\s+"
    r"|\[(?:ERROR|WARNING|WARN|INFO|DEBUG|CRITICAL)\]\s+(?:\d{4}-\d\d-\d\dT\S+\s+)?"
    r"(?:[0-9a-fA-F-]{36}\s+)?)"
)
_LEADING = re.compile(r"^(?:Invoke Error|Uncaught Exception)\s*|^(?:Caused by: |---> )|^Error: ")
# An exception name followed by its message: `requests.exceptions.ConnectionError: `,
# `Mysql2::Error::ConnectionError: `, `AggregateError [ETIMEDOUT]: `, Node's bare `Error: `.
_EXCEPTION = re.compile(
    r"(?<![\w$.:+])(?:[A-Za-z_$][\w$]*(?:\.|::|\+|\$))*[\w$]*"
    r"(?:Error|Exception|Failed|Bad|Timeout)(?: \[\w+\])?:\s"
)
_HEX = re.compile(r"\b0x[0-9a-fA-F]{9,}\b")  # memory addresses; HRESULTs (8 digits) stay
_SPACE = re.compile(r"\s+")
MAX_MESSAGE = 300

# Substrings that give the runtime away, checked in order, for wordings several runtimes print.
RUNTIME_HINTS: tuple[tuple[str, Runtime], ...] = (
    ("Errno::", "ruby"),
    ("PG::", "ruby"),
    ("Mysql2::", "ruby"),
    ("Faraday::", "ruby"),
    ("Redis::", "ruby"),
    ("RedisClient::", "ruby"),
    ("Seahorse::", "ruby"),
    (" - connect(2)", "ruby"),
    (".rb:", "ruby"),
    ("java.", "java"),
    ("android.system.", "java"),  # Android's GaiException / ErrnoException
    ("org.postgresql", "java"),
    ("com.mysql", "java"),
    ("software.amazon.awssdk", "java"),
    ("com.amazonaws", "java"),
    ("System.", "dotnet"),
    ("HttpRequestException", "dotnet"),
    ("Npgsql", "dotnet"),
    ("MySqlConnector", "dotnet"),
    ("ConnectFailure (", "dotnet"),  # Mono's WebExceptionStatus in `Error: ConnectFailure (...)`
    ("dial tcp", "go"),
    ("goroutine ", "go"),
    ("Traceback (most recent call last)", "python"),
    ("psycopg", "python"),
    ("pymysql", "python"),
    ("pyodbc", "python"),
    ("('HYT00', ", "python"),  # pyodbc's error tuple
    ("MySQLdb", "python"),
    ("OperationalError", "python"),
    ("sqlalchemy", "python"),
    ("(2003, ", "python"),
    ("[WinError ", "python"),
    ("ConnectionRefusedError", "python"),
    ("[Errno ", "python"),
    ("<urlopen error", "python"),
    ("urllib3", "python"),
    ("requests.exceptions", "python"),
    ("[ERROR]", "python"),
    ("Invoke Error", "nodejs"),
    ("Uncaught Exception", "nodejs"),
    ("(node:", "nodejs"),
    ("node_modules", "nodejs"),
    ("\tERROR\t", "nodejs"),
)


def guess_runtime(text: str) -> Runtime:
    """The runtime a message came from, when its wording alone does not say."""
    for hint, runtime in RUNTIME_HINTS:
        if hint in text:
            return runtime
    return "unknown"


def line_at(text: str, pos: int) -> tuple[str, int]:
    """The physical line (split on \\n or \\r) holding position `pos`, and `pos` within it."""
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    ends = [i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0]
    end = min(ends) if ends else len(text)
    return text[start:end], pos - start


def normalize(line: str, col: int = 0) -> str:
    """One short line that reads the same for every occurrence of one error.

    It starts at the exception that carries the wording at `col`, so an application's own
    words before it ("Failed to load order Error: connect ...") do not split one error in two.
    """
    start = None
    for m in _EXCEPTION.finditer(line):
        if m.start() > col:
            break
        start = m.start()
    if start is None and col > MAX_MESSAGE // 2:
        start = col  # far into a long line with no exception name: show the wording itself
    if start is not None:
        line = line[start:]
    line = _PREFIX.sub("", line.strip())
    line = _LEADING.sub("", line.strip())
    line, _ = split_local_address(line)
    line = _HEX.sub("0x…", line)
    line = _SPACE.sub(" ", line).strip()
    if len(line) > MAX_MESSAGE:
        line = line[: MAX_MESSAGE - 1] + "…"
    return line
