"""Faraday: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="Faraday",
    language=Language.RUBY,
    roots=("faraday",),
    default_connect=None,
    default_source="https://lostisland.github.io/faraday/#/customization/request-options",
    snippet=Snippet(
        library="Faraday",
        services=(),
        lang="ruby",
        code="conn = Faraday.new(url, request: { open_timeout: {s}, timeout: 15 })",
        names=("Faraday::",),
        setting="`request: { open_timeout: ... }`, in seconds",
        source="https://lostisland.github.io/faraday/#/customization/request-options",
        guess=False,
    ),
)
