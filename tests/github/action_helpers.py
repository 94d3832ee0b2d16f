"""Shared helpers for the Action's tests: a PyGithub client aimed at `responses`."""

from __future__ import annotations

from github import Github

from checker.github.client import connect

API = "https://api.github.com:443"  # PyGithub puts the port in every request URL
URL = "https://api.github.com"  # ...but JSON `url` fields never carry it
TOKEN = "ghs_unitTestToken0123456789abcdef"


def client() -> Github:
    return connect(TOKEN, URL, retry=None, throttle=False)


def comment_json(number: int, body: str, comment_id: int) -> dict[str, object]:
    return {
        "id": comment_id,
        "url": f"{URL}/repos/o/r/issues/comments/{comment_id}",
        "html_url": f"https://github.com/o/r/pull/{number}#issuecomment-{comment_id}",
        "body": body,
        "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"},
    }
