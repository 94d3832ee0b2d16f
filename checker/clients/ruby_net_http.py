"""Net::HTTP: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="Net::HTTP",
    language=Language.RUBY,
    roots=("net/http",),
    default_connect=60.0,
    default_source="https://docs.ruby-lang.org/en/master/Net/HTTP.html#attribute-i-open_timeout",
    snippet=Snippet(
        library="Net::HTTP",
        services=(),
        lang="ruby",
        code="Net::HTTP.start(host, port, use_ssl: true, open_timeout: {s}, read_timeout: 15)",
        names=(
            "Net::OpenTimeout",
            "net/http",
        ),
        setting="`open_timeout`, in seconds; default 60",
        source="https://docs.ruby-lang.org/en/master/Net/HTTP.html#attribute-i-open_timeout",
    ),
)
