"""HttpClient: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="HttpClient",
    language=Language.DOTNET,
    roots=("System.Net.Http",),
    default_connect=None,
    default_source=(
        "https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.connecttimeout"
    ),
    snippet=Snippet(
        library="HttpClient",
        services=(),
        lang="csharp",
        code=(
            "var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = "
            "TimeSpan.FromSeconds({s}) });"
        ),
        names=(),
        setting="`SocketsHttpHandler.ConnectTimeout`; default infinite",
        source=("https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.connecttimeout"),
    ),
)
