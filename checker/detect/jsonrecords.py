"""JSON log records: their strings as text, and Node's structured error fields.

Lambda writes `Invoke Error {...}` for uncaught Node errors and whole JSON records under the
JSON log format; a logged Node system error keeps `code`, `syscall`, `address` and `port`.
"""

from __future__ import annotations

import json
from typing import Any

from checker.detect.destination import clean_host
from checker.detect.hits import WordingMatch, int_port
from checker.detect.model import Category

# Node system errors logged as JSON carry their code and, for connect, the address.
STRUCTURED_CODES: dict[str, Category] = {
    "ECONNREFUSED": "ECONNREFUSED",
    "ETIMEDOUT": "ETIMEDOUT",
    "EHOSTUNREACH": "ENETUNREACH",
    "ENETUNREACH": "ENETUNREACH",
    "ENOTFOUND": "ENOTFOUND",
    "EAI_AGAIN": "ENOTFOUND",
    "UND_ERR_CONNECT_TIMEOUT": "ETIMEDOUT",
}
_MAX_JSON_DEPTH = 12


def unpack_json(message: str) -> tuple[str, list[WordingMatch]]:
    """For a JSON record (or `Invoke Error {...}`): its strings as text, and its structured fields."""
    start = message.find('{"')
    if start < 0:
        return message, []
    try:
        obj, end = json.JSONDecoder().raw_decode(message, start)
    except (ValueError, RecursionError):  # not JSON after all, or absurdly deep: read it as text
        return message, []
    strings: list[str] = []
    structured: list[WordingMatch] = []
    _walk(obj, strings, structured, 0)
    return "\n".join([message[:start], *strings, message[end:]]), structured


def _walk(obj: Any, strings: list[str], structured: list[WordingMatch], depth: int) -> None:
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(obj, dict):
        hit = _structured_hit(obj)
        if hit is not None:
            structured.append(hit)
        kind, text = obj.get("errorType"), obj.get("errorMessage")
        if isinstance(kind, str) and isinstance(text, str):
            # Lambda's error JSON splits `Type: message`; several wordings need both halves.
            strings.append(f"{kind}: {text}")
        for value in obj.values():
            _walk(value, strings, structured, depth + 1)
    elif isinstance(obj, list):
        for value in obj:
            _walk(value, strings, structured, depth + 1)
    elif isinstance(obj, str):
        strings.append(obj)


def _structured_hit(record: dict[str, Any]) -> WordingMatch | None:
    """Node's `code`/`syscall`/`address`/`port` (or `hostname`): a destination no regex can misread."""
    code = record.get("code")
    if not isinstance(code, str) or code not in STRUCTURED_CODES:
        return None
    category = STRUCTURED_CODES[code]
    syscall = record.get("syscall")
    host: str | None = None
    port: int | None = None
    if category == "ENOTFOUND":
        if syscall not in (None, "getaddrinfo"):
            return None  # querySrv and friends: the text rows name the record
        host = _str_host(record.get("hostname"))
    elif code != "UND_ERR_CONNECT_TIMEOUT":
        # ETIMEDOUT on `read` is a response timeout; `request` marks connect timeouts connect=true.
        if syscall != "connect" and record.get("connect") is not True:
            return None
        host = _str_host(record.get("address"))
        port = int_port(record.get("port"))
    text = record.get("errorMessage") or record.get("message") or f"{syscall or ''} {code}".strip()
    line = text if isinstance(text, str) else code
    return WordingMatch(
        -1, category, code, host, port, None, "nodejs", line, 0, 0, 0, pattern_id="node-structured"
    )


def _str_host(value: object) -> str | None:
    return clean_host(value) if isinstance(value, str) else None
