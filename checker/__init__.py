"""connfail: find Lambda connection failures in CloudWatch Logs exports and client code."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """`__version__` on first use: importlib.metadata costs ~0.1 s of start-up otherwise."""
    if name != "__version__":
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("connfail")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0+unknown"
    globals()["__version__"] = value
    return value
