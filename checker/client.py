"""What connfail knows about one client library, as one frozen record; the registry of them all
is checker/clients/ (one module per library).

This module imports nothing of the linter at run time: the analyze path (cost, remediation,
culprit) reads the registry without loading an analyzer, let alone tree-sitter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from checker.constants import ADVISED_CONNECT_TIMEOUT
from checker.detect.model import Runtime

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks
    from checker.lint.python import PythonChecks


class Language(str, Enum):
    """The language a library is written for; `runtime` is how a Lambda log line names it.

    (Python 3.10 has no enum.StrEnum; compare members, print `.value`.)
    """

    JAVASCRIPT = "javascript"
    PYTHON = "python"
    JAVA = "java"
    GO = "go"
    DOTNET = "dotnet"
    RUBY = "ruby"

    @property
    def runtime(self) -> Runtime:
        """As ConnectionFailure.runtime spells it."""
        return _RUNTIMES[self]


_RUNTIMES: dict[Language, Runtime] = {
    Language.JAVASCRIPT: "nodejs",
    Language.PYTHON: "python",
    Language.JAVA: "java",
    Language.GO: "go",
    Language.DOTNET: "dotnet",
    Language.RUBY: "ruby",
}

# The services a library talks to, as checker.culprit names a failing destination's.
AWS_API = "AWS API"  # any AWS endpoint (DynamoDB, S3, STS, ...): the AWS SDK talks to it
HTTP_SERVICES = ("HTTPS", "HTTP", "OpenSearch")  # a general HTTP client

# A connect nobody answers (a security group dropping SYNs) with no timeout ends when Linux gives
# up on the handshake: 6 SYN retries, 134 s measured (bench/measure_python_connect.py), unless the
# Lambda function's own timeout ends it first.
UNBOUNDED = "so a dropped connect lasts until the kernel gives up (about 130 s) or the function times out"


@dataclass(frozen=True)
class Snippet:
    """How one client library sets its connect timeout, and how a failing log line names it.

    `{ms}` / `{s}` in `code` are the advised connect timeout. Declared in the library's module
    without a runtime (`Client.snippet`); the registry adds it (`Client.remedy`).
    """

    library: str  # the name shown above the code ("redis-py", "psycopg2 / psycopg")
    services: tuple[str, ...]  # services it fits; "aws" = any AWS API endpoint, () = general HTTP
    lang: str  # the code block's language
    code: str
    # Literal strings of a failing event's text that say this library failed (its package path,
    # its own exception or wording); () for a runtime's general fallback, picked by service only.
    names: tuple[str, ...]
    setting: str  # the setting, its unit and default, as the source documents it (docs/remediation.md)
    source: str  # where that is documented
    guess: bool = True  # offered by service for a destination whose lines name no library
    runtime: Runtime = "unknown"  # as ConnectionFailure.runtime; filled in by the registry


@dataclass(frozen=True)
class Client:
    """One client library: how code imports it, its default connect timeout, the fix the linter
    suggests, the snippet remediation shows, and the checks the linter runs on its calls."""

    # The library id findings carry (`library` in lint JSON, `# connfail: ignore` comments) or,
    # for a library the linter does not check, its display name.
    name: str
    language: Language
    # How code imports it: Python module paths (aliases included: `requests.packages.urllib3`),
    # npm package names. The lint prefilter admits a file that names any of them.
    roots: tuple[str, ...] = ()
    globals: tuple[str, ...] = ()  # names code calls without importing them (JavaScript's `fetch`)
    default_connect: float | None = None  # seconds; None = waits until the OS or the function gives up
    default_source: str = ""  # where the default is documented (a URL) or how it was measured
    # How the default reads in a lint message; {default} is default_connect. "" = not linted.
    default_text: str = ""
    # The exact thing a lint fix writes; `{connect}` placeholders (see fix_text). "" = not linted.
    fix: str = ""
    reads: str = ""  # what the linter reads of it, for docs/lint.md's "What it reads" table
    snippet: Snippet | None = None  # what remediation shows for it
    # The linter's checks of its calls, loaded only when a file is linted (None: not parsed).
    checks: Callable[[], PythonChecks | JavaScriptChecks] | None = None
    # Its missing timeout falls back to socket.setdefaulttimeout() (the stdlib clients, urllib3).
    socket_default: bool = False
    # A regex of the call that must appear too for a Python file importing it to be linted: a
    # module most files import for other reasons (`socket`) matters only with the call checked.
    only_with: str = ""
    # Other linters' missing-timeout checks cover it (Ruff S113, Bandit B113, Pylint W3101): their
    # suppression comments silence a missing or disabled timeout too.
    foreign_suppressions: bool = False
    # The services it talks to, as culprit names them ("PostgreSQL", "AWS API", "HTTPS").
    services: tuple[str, ...] = ()

    @property
    def runtime(self) -> Runtime:
        return self.language.runtime

    @property
    def reported(self) -> bool:
        """Whether lint findings name this library (it has a default to state and a fix)."""
        return bool(self.fix)

    @property
    def remedy(self) -> Snippet | None:
        """The snippet with its runtime, as remediation reads it."""
        if self.snippet is None:
            return None
        return Snippet(**{**self.snippet.__dict__, "runtime": self.runtime})

    def fix_for(self, maximum: float) -> str:
        """The fix with its connect timeout filled in, never above the maximum (3 s when it allows)."""
        return fix_text(self.fix, maximum)


def suggested_connect(maximum: float) -> float:
    """The connect timeout a fix suggests, in seconds: 3 s, or the maximum when it is lower."""
    return min(float(ADVISED_CONNECT_TIMEOUT), maximum)


# {connect} seconds (3, or {connect=3.05}), {connect_int} whole seconds, {connect_ms} or {ms}
# milliseconds: one placeholder language for the Python and the JavaScript rows. Compiled by `re`
# on first use (its cache): a run that shows no fix never needs it.
_CONNECT = r"\{connect(?:=([0-9.]+))?\}|\{connect_(int|ms)\}|\{(ms)\}"


def fix_text(template: str, maximum: float) -> str:
    """A fix with its `{connect}` filled in: 3 s (or the preferred `{connect=3.05}`), never above
    the maximum; `{connect_int}` for whole seconds (libpq), `{connect_ms}` for milliseconds."""

    def fill(match: re.Match[str]) -> str:
        preferred = float(match.group(1) or ADVISED_CONNECT_TIMEOUT)
        value = min(preferred, maximum)
        if match.group(2) == "int":
            return str(max(1, math.floor(value)))
        if match.group(2) == "ms" or match.group(3):
            return str(max(1, math.floor(value * 1000)))
        return f"{value:g}"

    return re.sub(_CONNECT, fill, template)
