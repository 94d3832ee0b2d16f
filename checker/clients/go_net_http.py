"""net/http: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="net/http",
    language=Language.GO,
    roots=("net/http", "net"),
    default_connect=None,
    default_source="https://pkg.go.dev/net#Dialer",
    snippet=Snippet(
        library="net/http",
        services=(),
        lang="go",
        code=(
            "dialer := &net.Dialer{Timeout: {s} * time.Second}\nclient := "
            "&http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}, "
            "Timeout: 15 * time.Second}"
        ),
        names=(),
        setting="`net.Dialer.Timeout`: the zero value means no timeout (the OS's applies)",
        source="https://pkg.go.dev/net#Dialer",
    ),
)
