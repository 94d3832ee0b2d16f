"""The comments real code already carries for a request without a timeout (item 9).

Ruff / flake8-bandit S113, Bandit B113 and Pylint W3101 (missing-timeout) flag the same defect;
a line their users silenced on purpose is not reported again.
"""
import httpx
import requests

requests.get("https://example.com")  # noqa: S113
requests.post("https://example.com", json={})  # noqa: E501, S113
requests.get("https://example.com")  # nosec B113
requests.get("https://example.com", timeout=None)  # nosec: B113
requests.get("https://example.com")  # pylint: disable=missing-timeout
requests.get("https://example.com")  # pylint: disable=W3101
httpx.Client(timeout=None)  # noqa: S113
