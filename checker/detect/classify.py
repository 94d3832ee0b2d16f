"""One CloudWatch event message -> the connection failures it reports (usually none).

Speed: the analyzer calls this on every event; almost none are failures. One Aho-Corasick pass
over the message finds which literal ANCHORS occur (none, for ordinary lines); only the rows
filed under those anchors check their needles, and only rows whose needles occur run a regex.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs

from checker.detect.destination import clean_host, parse_destination
from checker.detect.model import ConnectionFailure
from checker.detect.patterns import PATTERNS, Pattern
from checker.detect.services import service_for
from checker.detect.text import guess_runtime, line_at, normalize

# Every category row's needles contain one of these (tests/detect/test_patterns.py checks it).
# checker.invocations scans whole batches for them too, so only candidate events reach here.
ANCHORS: tuple[str, ...] = (
    "onn", "imeout", "imed out", "host", "Host", "resol", "not known", "nreachable",
    "getaddrinfo", "querySrv", "AggregateError [", "UND_ERR_CONNECT", "Errno", "rror(",
    "expired", "link failure", "DNS query", "Unable to execute", ": lookup ", ":53: ",
    "temporarily unavailable", "reach database server",
)


# One automaton pass costs ~1/3 of 22 `in` scans on a typical line (bench/classify_speed.py).
_AUTOMATON = ahocorasick_rs.AhoCorasick(list(ANCHORS))


def _anchors_in(message: str) -> set[str]:
    return {ANCHORS[i] for i, _, _ in _AUTOMATON.find_matches_as_indexes(message, overlapping=True)}


def might_report_failure(message: str) -> bool:
    """False for (almost) every ordinary line; True whenever some pattern row could match."""
    return bool(_AUTOMATON.find_matches_as_indexes(message))


# Node system errors logged as JSON carry their code and, for connect, the address.
STRUCTURED_CODES: dict[str, str] = {
    "ECONNREFUSED": "ECONNREFUSED",
    "ETIMEDOUT": "ETIMEDOUT",
    "EHOSTUNREACH": "ENETUNREACH",
    "ENETUNREACH": "ENETUNREACH",
    "ENOTFOUND": "ENOTFOUND",
    "EAI_AGAIN": "ENOTFOUND",
    "UND_ERR_CONNECT_TIMEOUT": "ETIMEDOUT",
}
_MAX_MATCHES_PER_ROW = 20
_MAX_JSON_DEPTH = 8


@dataclass(slots=True)
class _Hit:
    """A row (or a structured record) that matched: what failed, maybe where."""

    order: int  # row index; -1 for structured fields (most specific)
    category: str | None
    code: str | None
    host: str | None
    port: int | None
    local: str | None
    runtime: str
    line: str
    col: int  # where the wording starts within `line`
    pos: int
    end: int
    generic: bool = False
    exclusive: bool = False
    service: str | None = None
    pattern_id: str | None = None


@dataclass(slots=True)
class _Record:
    """One failure being assembled from the hits that describe it."""

    first: _Hit
    host: str | None
    port: int | None
    local: str | None
    generic: bool
    hits: list[_Hit] = field(default_factory=list)

    def accepts(self, hit: _Hit) -> bool:
        return _compatible(self.host, self.port, hit.host, hit.port)

    def absorb(self, hit: _Hit, *, where_only: bool = False) -> None:
        self.host = self.host or hit.host
        self.port = self.port if self.port is not None else hit.port
        self.local = self.local or hit.local
        if not where_only:
            self.generic = self.generic and hit.generic
        self.hits.append(hit)


def classify(message: str) -> list[ConnectionFailure]:
    """Distinct connection failures in one event; several lines of one trace make one record."""
    anchors = _anchors_in(message)
    if not anchors:
        return []
    text, structured = _unpack_json(message)
    if text is not message:
        anchors = _anchors_in(text)  # JSON escapes hid some (`\"` in `at \"host\"`)
    hits, dests = _match(text, anchors)
    hits = structured + hits
    if not hits:
        return []
    return [_finish(rec, text) for rec in _merge(hits, dests)]


def _unpack_json(message: str) -> tuple[str, list[_Hit]]:
    """For a JSON record (or `Invoke Error {...}`): its strings as text, and its structured fields."""
    start = message.find('{"')
    if start < 0:
        return message, []
    try:
        obj, end = json.JSONDecoder().raw_decode(message, start)
    except ValueError:
        return message, []
    strings: list[str] = []
    structured: list[_Hit] = []
    _walk(obj, strings, structured, 0)
    return "\n".join([message[:start], *strings, message[end:]]), structured


def _walk(obj: Any, strings: list[str], structured: list[_Hit], depth: int) -> None:
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


def _structured_hit(record: dict[str, Any]) -> _Hit | None:
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
        port = _int_port(record.get("port"))
    text = record.get("errorMessage") or record.get("message") or f"{syscall or ''} {code}".strip()
    line = text if isinstance(text, str) else code
    return _Hit(-1, category, code, host, port, None, "nodejs", line, 0, 0, 0,
                pattern_id="node-structured")


def _str_host(value: object) -> str | None:
    return clean_host(value) if isinstance(value, str) else None


def _int_port(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 65536 else None
    if isinstance(value, str) and value.isdigit():
        return _int_port(int(value))
    return None


def _needles_by_anchor() -> dict[str, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Category-row needles filed under the anchors they contain, each with the rows it gates."""
    index: dict[str, dict[str, list[int]]] = {anchor: {} for anchor in ANCHORS}
    for order, row in enumerate(PATTERNS):
        if row.category is None:
            continue
        for needle in row.needles:
            for anchor in ANCHORS:
                if anchor in needle:
                    index[anchor].setdefault(needle, []).append(order)
    return {anchor: tuple((needle, tuple(rows)) for needle, rows in needles.items())
            for anchor, needles in index.items() if needles}


_CATEGORY_NEEDLES = _needles_by_anchor()
_DESTINATION_NEEDLES = tuple((needle, (order,)) for order, row in enumerate(PATTERNS)
                             if row.category is None for needle in row.needles)


def _rows_present(text: str, pairs: tuple[tuple[str, tuple[int, ...]], ...], orders: set[int]) -> None:
    for needle, rows in pairs:
        if needle in text:
            orders.update(rows)


def _match(text: str, anchors: set[str]) -> tuple[list[_Hit], list[_Hit]]:
    """Category hits of the rows whose needles occur; destination hits only when there are some."""
    orders: set[int] = set()
    for anchor in anchors:
        pairs = _CATEGORY_NEEDLES.get(anchor)
        if pairs:
            _rows_present(text, pairs, orders)
    hits: list[_Hit] = []
    for order in sorted(orders):
        _run_row(order, text, hits)
    if not hits:
        return hits, []
    exclusive = [(h.pos, h.end) for h in hits if h.exclusive]
    if exclusive:
        hits = [h for h in hits
                if h.exclusive or not any(s <= h.pos < e for s, e in exclusive)]
    dest_orders: set[int] = set()
    _rows_present(text, _DESTINATION_NEEDLES, dest_orders)
    dests: list[_Hit] = []
    for order in sorted(dest_orders):
        _run_row(order, text, dests)
    return hits, dests


def _run_row(order: int, text: str, out: list[_Hit]) -> None:
    row = PATTERNS[order]
    for count, m in enumerate(row.regex.finditer(text)):
        if count >= _MAX_MATCHES_PER_ROW:
            break
        out.append(_hit_from_match(order, row, m, text))


def _hit_from_match(order: int, row: Pattern, m: re.Match[str], text: str) -> _Hit:
    groups = m.groupdict()
    host: str | None = None
    port: int | None = None
    if groups.get("url"):
        host, port = parse_destination(groups["url"])
    elif groups.get("dest"):
        host, port = parse_destination(groups["dest"])
    raw_host = groups.get("host") or groups.get("host2")
    if raw_host:
        host = clean_host(raw_host)
    if groups.get("port"):
        port = _int_port(groups["port"])
    local = groups.get("local") or None
    # `at` marks the words to show when the regex starts earlier (a frame above the error).
    line, col = line_at(text, m.start("at") if groups.get("at") else m.start())
    return _Hit(order, row.category, row.code, host, port, local, row.runtime,
                line, col, m.start(), m.end(), row.generic, row.exclusive, row.service, row.id)


def _compatible(host_a: str | None, port_a: int | None,
                host_b: str | None, port_b: int | None) -> bool:
    return ((host_a is None or host_b is None or host_a == host_b)
            and (port_a is None or port_b is None or port_a == port_b))


def _merge(hits: list[_Hit], dests: list[_Hit]) -> list[_Record]:
    """Fold hits describing one failure into one record; distinct destinations stay apart."""
    specific = [h for h in hits if not h.generic]
    primary = sorted(specific or hits, key=lambda h: (h.order, h.pos))
    records: list[_Record] = []
    for hit in primary:
        for rec in records:
            if rec.first.category == hit.category and rec.accepts(hit):
                rec.absorb(hit)
                break
        else:
            records.append(_Record(hit, hit.host, hit.port, hit.local, hit.generic, [hit]))
    if specific:
        # A generic wrapper (botocore's endpoint URL) still knows where: lend that to the cause.
        for hit in sorted((h for h in hits if h.generic), key=lambda h: h.pos):
            _lend(records, hit)
    for rec in records:
        if rec.host is None or rec.port is None:
            dest = _nearest(rec, dests)
            if dest is not None:
                rec.absorb(dest, where_only=True)
        _prefer_name(rec, dests)
    return _merge_families(_dedupe(records))


def _prefer_name(rec: _Record, dests: list[_Hit]) -> None:
    """Go prints the URL's name and the dialled IP: the name says which service it was."""
    if rec.host is None or not _is_ip(rec.host):
        return
    names = {d.host for d in dests
             if d.host and not _is_ip(d.host) and d.port in (None, rec.port)}
    if len(names) == 1:
        rec.host = names.pop()


def _merge_families(records: list[_Record]) -> list[_Record]:
    """Node 20 tries a name's IPv6 and IPv4 addresses (AggregateError): that is one failure.

    Records of one port whose hosts are IP addresses of both families fold into the IPv4 one.
    """
    if len(records) < 2:
        return records
    out: list[_Record] = []
    for rec in sorted(records, key=lambda r: 0 if _ip_version(r.host) == 4 else 1):
        twin = next((o for o in out if o.port == rec.port and _ip_version(o.host) == 4
                     and _ip_version(rec.host) == 6), None)
        if twin is None:
            out.append(rec)
        else:
            twin.hits.extend(rec.hits)
    return sorted(out, key=lambda r: r.first.pos)


def _ip_version(host: str | None) -> int | None:
    if host is None:
        return None
    try:
        return ipaddress.ip_address(host).version
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    return _ip_version(host) is not None


def _lend(records: list[_Record], hit: _Hit) -> None:
    """Give a generic hit's host, port and service hint to the first record it fits."""
    for rec in records:
        if rec.accepts(hit):
            rec.absorb(hit, where_only=True)
            return


def _nearest(rec: _Record, dests: list[_Hit]) -> _Hit | None:
    """The destination printed closest before the failure (else after), that does not contradict it."""
    pos = rec.first.pos
    fitting = [d for d in dests if (d.host or d.port) and rec.accepts(d)]
    before = [d for d in fitting if d.pos <= pos]
    if before:
        return max(before, key=lambda d: d.pos)
    return min(fitting, key=lambda d: d.pos) if fitting else None


def _dedupe(records: list[_Record]) -> list[_Record]:
    out: list[_Record] = []
    for rec in records:
        same = next((o for o in out if o.first.category == rec.first.category
                     and o.host == rec.host and o.port == rec.port), None)
        if same is None:
            out.append(rec)
        else:
            for hit in rec.hits:
                same.absorb(hit)
    return out


def _finish(rec: _Record, text: str) -> ConnectionFailure:
    first = rec.first
    runtime = next((h.runtime for h in rec.hits if h.runtime != "any"), None)
    if runtime is None:
        runtime = guess_runtime(text)
    hint = next((h.service for h in rec.hits if h.service), None)
    service = service_for(rec.host, rec.port)
    if hint and (rec.port is None or service is None):
        service = hint
    shown = first
    if rec.host and rec.host not in first.line.lower():
        shown = next((h for h in rec.hits
                      if h.category is not None and rec.host in h.line.lower()), first)
    assert first.category is not None and first.code is not None
    return ConnectionFailure(
        category=first.category,
        code=first.code,
        runtime=runtime,
        host=rec.host,
        port=rec.port,
        service=service,
        message=normalize(shown.line, shown.col),
        local_address=rec.local,
        generic=rec.generic,
        pattern_id=first.pattern_id,
    )
