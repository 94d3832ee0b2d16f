"""flake8 extension: the Python rules inside any editor or pipeline that already runs flake8.

Registered as `CF` under `flake8.extension`; flake8 hands over the parsed tree, so nothing is
parsed twice. `--connfail-max-connect-timeout` sets the maximum (default 5 s).
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from typing import Any

from checker import __version__, clients
from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT
from checker.lint.python import analyze
from checker.lint.suppress import suppressed


class ConnfailChecker:
    name = "connfail"
    version = __version__
    maximum = DEFAULT_MAX_CONNECT_TIMEOUT

    def __init__(self, tree: ast.Module, lines: list[str]) -> None:
        self.tree = tree
        self.lines = [line.rstrip("\n") for line in lines]

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option(
            "--connfail-max-connect-timeout",
            type=float,
            default=DEFAULT_MAX_CONNECT_TIMEOUT,
            parse_from_config=True,
            help=f"longest acceptable connect timeout in seconds (default: {DEFAULT_MAX_CONNECT_TIMEOUT:g})",
        )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        cls.maximum = float(options.connfail_max_connect_timeout)

    def run(self) -> Iterator[tuple[int, int, str, type[Any]]]:
        for hit in analyze(self.tree, self.maximum, clients.python_tables()):
            if not suppressed(self.lines, hit.line, hit.end_line, hit.rule, hit.library):
                yield hit.line, hit.column - 1, f"{hit.rule} {hit.message}", type(self)
