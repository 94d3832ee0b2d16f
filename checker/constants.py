"""Numbers the whole tool agrees on, declared once: the CLI, config, lint, cost, remediation and
the docs read them from here."""

from __future__ import annotations

from typing import Final

# The longest connect timeout `connfail lint` accepts (CF103/CF104), in seconds: the default of
# `--max-connect-timeout`, `lint.max-connect-timeout` and flake8's `--connfail-max-connect-timeout`.
DEFAULT_MAX_CONNECT_TIMEOUT: Final = 5.0
# The connect timeout every fix and remediation advises, in seconds (never above the maximum):
# a reachable host answers a handshake in milliseconds. An int so it prints as "3", not "3.0".
ADVISED_CONNECT_TIMEOUT: Final = 3
