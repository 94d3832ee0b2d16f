"""connfail: find Lambda connection failures in CloudWatch Logs exports and client code."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it (dynamic), and the Action, which
# runs from its checkout without installing the package, reports the same.
__version__ = "0.1.0"
