"""Host and port from the way each runtime prints an address."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# The port a client uses when the URL does not say one.
SCHEME_PORTS: dict[str, int] = {
    "http": 80,
    "https": 443,
    "ws": 80,
    "wss": 443,
    "postgres": 5432,
    "postgresql": 5432,
    "mysql": 3306,
    "mariadb": 3306,
    "redis": 6379,
    "rediss": 6379,
    "mongodb": 27017,
    "amqp": 5672,
    "amqps": 5671,
    "mssql": 1433,
    "sqlserver": 1433,
    "oracle": 1521,
    "memcached": 11211,
    "kafka": 9092,
    "nats": 4222,
    "ldap": 389,
    "ldaps": 636,
    "ftp": 21,
    "sftp": 22,
    "ssh": 22,
    "smtp": 25,
    "smtps": 465,
}

_LOCAL = re.compile(r"\s*-\s*Local\s*\(([^)]*)\)")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOST = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$")
_STRIP = "'\"`<>(),;.[]{}\\"  # and the backslash of an escaped quote


def split_local_address(text: str) -> tuple[str, str | None]:
    """Remove Node's `- Local (ip:port)` suffix: it names the function's own socket."""
    match = _LOCAL.search(text)
    if match is None:
        return text, None
    local = match.group(1).strip() or None
    return text[: match.start()] + text[match.end() :], local


def parse_destination(text: str) -> tuple[str | None, int | None]:
    """(host, port) from `10.0.1.5:5432`, `[::1]:5432`, `::1:5432`, `host:443`, a URL, `host/ip:port`."""
    text, _ = split_local_address(text)
    token = text.strip()
    if not token:
        return None, None
    token = token.split()[0]
    if _URL.match(token):
        return _from_url(token)
    return parse_hostport(token)


def parse_hostport(token: str) -> tuple[str | None, int | None]:
    """A bare `host[:port]` token, IPv6 with or without brackets (port after the last colon)."""
    token = token.strip().rstrip(_STRIP.replace("]", "")).lstrip(_STRIP.replace("[", ""))
    if token.startswith("["):
        end = token.find("]")
        if end < 0:
            return None, None
        host = token[1:end]
        rest = token[end + 1 :]
        port = _port(rest[1:]) if rest.startswith(":") else None
        return (clean_host(host), port) if _is_ipv6(host) else (None, None)
    if "/" in token:
        # Java's InetSocketAddress prints `name/ip:port`, or `/ip:port` when unnamed.
        name, _, addr = token.partition("/")
        ip, port = parse_hostport(addr)
        if name and _HOST.match(name):
            return name.lower().rstrip("."), port
        return ip, port
    colons = token.count(":")
    if colons == 0:
        return clean_host(token), None
    if colons == 1:
        host, _, port_text = token.partition(":")
        return clean_host(host), _port(port_text)
    # Bare IPv6: Node prints `2606:4700::6810:85e5:443`, the port after the last colon.
    head, _, tail = token.rpartition(":")
    if tail.isdigit() and _is_ipv6(head):
        return clean_host(head), _port(tail)
    if _is_ipv6(token):
        return clean_host(token), None
    return None, None


def _from_url(url: str) -> tuple[str | None, int | None]:
    url = url.rstrip(_STRIP)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None, None
    if host is None:
        return None, None
    if port is None:
        port = SCHEME_PORTS.get(parts.scheme.lower())
    return clean_host(host), port


def clean_host(text: str) -> str | None:
    """A host name or IP address as printed, lower-cased; None when it is neither."""
    text = text.strip(_STRIP)
    if not text:
        return None
    if _is_ipv6(text):
        mapped = ipaddress.IPv6Address(text.split("%", 1)[0]).ipv4_mapped
        return str(mapped) if mapped is not None else text.lower()
    if _HOST.match(text):
        return text.lower().rstrip(".")
    return None


def _port(text: str) -> int | None:
    text = text.strip(_STRIP)
    if not text.isdigit():
        return None
    port = int(text)
    return port if 0 < port < 65536 else None


def _is_ipv6(text: str) -> bool:
    if ":" not in text:
        return False
    try:
        ipaddress.IPv6Address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True
