"""`connfail action` (placeholder until the Action lands)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # the Action reads its inputs from INPUT_* variables


def run(args: argparse.Namespace) -> int:
    print("connfail action: not available yet", file=sys.stderr)
    return 2
