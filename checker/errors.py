"""Errors a user can fix: each becomes one line `FILE: reason` and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read as a CloudWatch Logs export (or a bad path, config...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(InputError):
    """A configuration file or flag that breaks its schema."""
