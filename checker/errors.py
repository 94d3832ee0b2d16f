"""Errors a user can fix: each becomes one line `FILE: reason` and exit code 2."""

from __future__ import annotations

# An error line quotes input (a JSON key, a value, a zip entry name): it may be megabytes.
MAX_SHOWN = 300


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters, with `…` when something was left out."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(Exception):
    """An input that cannot be read as a CloudWatch Logs export (or a bad path, config...)."""

    def __init__(self, path: str, reason: str) -> None:
        path, reason = shorten(path), shorten(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(InputError):
    """A configuration file or flag that breaks its schema."""
