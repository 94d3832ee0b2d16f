"""Fold the hits of one event into distinct failures, and say each one in a ConnectionFailure.

Several lines of one stack trace, a generic wrapper and its cause, a destination printed on
another line: one failure. Different destinations: different failures.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from checker.detect.hits import WordingMatch
from checker.detect.model import LINE_KEPT, ConnectionFailure, Runtime
from checker.detect.services import service_for
from checker.detect.text import guess_runtime, normalize


@dataclass(slots=True)
class Record:
    """One failure being assembled from the hits that describe it."""

    first: WordingMatch
    host: str | None
    port: int | None
    local: str | None
    generic: bool
    hits: list[WordingMatch] = field(default_factory=list)

    def accepts(self, hit: WordingMatch) -> bool:
        return _compatible(self.host, self.port, hit.host, hit.port)

    def absorb(self, hit: WordingMatch, *, where_only: bool = False) -> None:
        self.host = self.host or hit.host
        self.port = self.port if self.port is not None else hit.port
        self.local = self.local or hit.local
        if not where_only:
            self.generic = self.generic and hit.generic
        self.hits.append(hit)


def _compatible(host_a: str | None, port_a: int | None, host_b: str | None, port_b: int | None) -> bool:
    return (host_a is None or host_b is None or host_a == host_b) and (
        port_a is None or port_b is None or port_a == port_b
    )


def merge(hits: list[WordingMatch], dests: list[WordingMatch]) -> list[Record]:
    """Fold hits describing one failure into one record; distinct destinations stay apart."""
    specific = [h for h in hits if not h.generic]
    primary = sorted(specific or hits, key=lambda h: (h.order, h.pos))
    records: list[Record] = []
    for hit in primary:
        for rec in records:
            if rec.first.category == hit.category and rec.accepts(hit):
                rec.absorb(hit)
                break
        else:
            records.append(Record(hit, hit.host, hit.port, hit.local, hit.generic, [hit]))
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


def _prefer_name(rec: Record, dests: list[WordingMatch]) -> None:
    """Go prints the URL's name and the dialled IP: the name says which service it was."""
    if rec.host is None or not _is_ip(rec.host):
        return
    names = {d.host for d in dests if d.host and not _is_ip(d.host) and d.port in (None, rec.port)}
    if len(names) == 1:
        rec.host = names.pop()


def _merge_families(records: list[Record]) -> list[Record]:
    """Node 20 tries a name's IPv6 and IPv4 addresses (AggregateError): that is one failure.

    Records of one port whose hosts are IP addresses of both families fold into the IPv4 one.
    """
    if len(records) < 2:
        return records
    out: list[Record] = []
    for rec in sorted(records, key=lambda r: 0 if _ip_version(r.host) == 4 else 1):
        twin = next(
            (
                o
                for o in out
                if o.port == rec.port and _ip_version(o.host) == 4 and _ip_version(rec.host) == 6
            ),
            None,
        )
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


def _lend(records: list[Record], hit: WordingMatch) -> None:
    """Give a generic hit's host, port and service hint to the first record it fits."""
    for rec in records:
        if rec.accepts(hit):
            rec.absorb(hit, where_only=True)
            return


def _nearest(rec: Record, dests: list[WordingMatch]) -> WordingMatch | None:
    """The destination printed closest before the failure (else after), that does not contradict it."""
    pos = rec.first.pos
    fitting = [d for d in dests if (d.host or d.port) and rec.accepts(d)]
    before = [d for d in fitting if d.pos <= pos]
    if before:
        return max(before, key=lambda d: d.pos)
    return min(fitting, key=lambda d: d.pos) if fitting else None


def _dedupe(records: list[Record]) -> list[Record]:
    out: list[Record] = []
    for rec in records:
        same = next(
            (
                o
                for o in out
                if o.first.category == rec.first.category and o.host == rec.host and o.port == rec.port
            ),
            None,
        )
        if same is None:
            out.append(rec)
        else:
            for hit in rec.hits:
                same.absorb(hit)
    return out


def to_failure(rec: Record, text: str) -> ConnectionFailure:
    first = rec.first
    named: Runtime | None = next((h.runtime for h in rec.hits if h.runtime != "any"), None)
    runtime = guess_runtime(text) if named is None else named
    hint = next((h.service for h in rec.hits if h.service), None)
    service = service_for(rec.host, rec.port)
    if hint and (rec.port is None or service is None):
        service = hint
    shown = first
    if rec.host and rec.host not in first.line.lower():
        shown = next((h for h in rec.hits if h.category is not None and rec.host in h.line.lower()), first)
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
        line=shown.line.strip()[:LINE_KEPT] or None,
    )
