"""`connfail lint` (placeholder until the linter lands)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH")


def run(args: argparse.Namespace) -> int:
    print("connfail lint: not available yet", file=sys.stderr)
    return 2
