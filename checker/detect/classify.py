"""One CloudWatch event message -> the connection failures it reports (usually none).

Speed: the analyzer calls this on every event; almost none are failures. One Aho-Corasick pass
looks for the literal ANCHORS (none occur in ordinary lines). Only then a second pass finds which
rows' needles occur, and only those rows run their regex.
"""

from __future__ import annotations

import dataclasses
import re

import ahocorasick_rs

from checker.detect.destination import clean_host, parse_destination
from checker.detect.hits import WordingMatch, int_port
from checker.detect.jsonrecords import unpack_json
from checker.detect.merge import merge, to_failure
from checker.detect.model import ConnectionFailure
from checker.detect.patterns import (
    DATAGRAM_PHASE,
    LISTEN_PHASE,
    LOCAL_NAME,
    PATTERNS,
    READ_PHASE,
    VETOES,
    Pattern,
)
from checker.detect.text import line_at

# Every category row's needles contain one of these (tests/detect/test_patterns.py checks it).
# checker.invocations scans whole batches for them too, so only candidate events reach here.
ANCHORS: tuple[str, ...] = (
    "onn",
    "imeout",
    "imed out",
    "host",
    "Host",
    "resol",
    "not known",
    "nreachable",
    "getaddrinfo",
    "querySrv",
    "AggregateError [",
    "UND_ERR_CONNECT",
    "Errno",
    "rror(",
    "expired",
    "link failure",
    "DNS query",
    "Unable to execute",
    ": lookup ",
    ":53: ",
    "temporarily unavailable",
    "reach database server",
    "CONNECTION_TIMEOUT",
    "SocketException (10",
    "name is valid",
    "reachable by the transport",
)


# One automaton pass costs ~1/3 of 22 `in` scans on a typical line (bench/classify_speed.py).
_AUTOMATON = ahocorasick_rs.AhoCorasick(list(ANCHORS))


def might_report_failure(message: str) -> bool:
    """False for (almost) every ordinary line; True whenever some pattern row could match."""
    return bool(_AUTOMATON.find_matches_as_indexes(message))


_MAX_MATCHES_PER_ROW = 20


def classify(message: str) -> list[ConnectionFailure]:
    """Distinct connection failures in one event; several lines of one trace make one record."""
    if not _AUTOMATON.find_matches_as_indexes(message):
        return []
    return _VERDICTS.classify(message)


def _classify_uncached(message: str) -> list[ConnectionFailure]:
    text, structured = unpack_json(message)  # JSON escapes would hide needles such as `at "`
    hits, dests = _match(text)
    hits = structured + hits
    if not hits:
        return []
    return [to_failure(rec, text) for rec in merge(hits, dests)]


def _needle_rows() -> tuple[list[str], list[tuple[int, ...]]]:
    """Every distinct needle, and the rows each one gates."""
    rows: dict[str, list[int]] = {}
    for order, row in enumerate(PATTERNS):
        for needle in row.needles:
            rows.setdefault(needle, []).append(order)
    return list(rows), [tuple(orders) for orders in rows.values()]


_NEEDLES, _NEEDLE_ROWS = _needle_rows()
# The second pass, only over candidate events: which rows' needles occur, all in one scan.
_NEEDLE_AUTOMATON = ahocorasick_rs.AhoCorasick(_NEEDLES)


def _match(text: str) -> tuple[list[WordingMatch], list[WordingMatch]]:
    """Category hits of the rows whose needles occur; destination hits only when there are some."""
    orders: set[int] = set()
    for index, _, _ in _NEEDLE_AUTOMATON.find_matches_as_indexes(text, overlapping=True):
        orders.update(_NEEDLE_ROWS[index])
    hits: list[WordingMatch] = []
    dest_orders: list[int] = []
    for order in sorted(orders):
        if PATTERNS[order].category is None:
            dest_orders.append(order)
        else:
            _run_row(order, text, hits)
    if not hits:
        return hits, []
    exclusive = [(h.pos, h.end) for h in hits if h.exclusive]
    if exclusive:
        hits = [h for h in hits if h.exclusive or not any(s <= h.pos < e for s, e in exclusive)]
    hits = [h for h in hits if not any(veto in h.line for veto in VETOES)]
    if any(marker in text for marker in LISTEN_PHASE) or LOCAL_NAME.search(text):
        return [], []
    if "connect(" not in text and any(marker in text for marker in DATAGRAM_PHASE):
        return [], []
    if any(marker in text for marker in READ_PHASE):
        hits = [h for h in hits if not (h.pattern_id or "").startswith("strerror-")]
    if not hits:
        return hits, []
    dests: list[WordingMatch] = []
    for order in dest_orders:
        _run_row(order, text, dests)
    return hits, dests


def _run_row(order: int, text: str, out: list[WordingMatch]) -> None:
    row = PATTERNS[order]
    for count, m in enumerate(row.regex.finditer(text)):
        if count >= _MAX_MATCHES_PER_ROW:
            break
        out.append(_hit_from_match(order, row, m, text))


def _hit_from_match(order: int, row: Pattern, m: re.Match[str], text: str) -> WordingMatch:
    groups = m.groupdict()
    host: str | None = None
    port: int | None = None
    if groups.get("url"):
        host, port = parse_destination(groups["url"])
    elif groups.get("dest"):
        host, port = parse_destination(groups["dest"])
    raw_host = groups.get("host") or groups.get("host2")
    if raw_host:
        # `Unable to resolve host "https://www.app.com"`: the code passed a URL as the name.
        host = parse_destination(raw_host)[0] if "://" in raw_host else clean_host(raw_host)
    if groups.get("port"):
        port = int_port(groups["port"])
    local = groups.get("local") or None
    if local is not None and local.endswith(":0"):
        local = None  # `:::0`, `0.0.0.0:0`: the socket never got an address, so it says nothing
    # `at` marks the words to show when the regex starts earlier (a frame above the error).
    line, col = line_at(text, m.start("at") if groups.get("at") else m.start())
    return WordingMatch(
        order,
        row.category,
        row.code,
        host,
        port,
        local,
        row.runtime,
        line,
        col,
        m.start(),
        m.end(),
        row.generic,
        row.exclusive,
        row.service,
        row.id,
    )


# The Lambda runtimes' line prefix: Node `<time>\t<request id>\t`, Python `[LEVEL]\t<time>\t<id>\t`.
_PREFIX = re.compile(
    r"(\[[A-Z]+\]\t)?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\t"
    r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\t"
)
# Stand-ins of the same shape (same length, same character classes), so no row matches differently.
_TIME = "1970-01-01T00:00:00.000Z"
_RID = "00000000-0000-0000-0000-000000000000"
_RESTORED = ("message", "line")  # the only fields a prefix can reach; others: not cached


class _VerdictCache:
    """The verdict on a message already classified: retries and outages repeat the same error.

    The key is the message with its runtime prefix's time and request id replaced by fixed
    stand-ins (`stand_in_key`), so the same error logged by another invocation hits too; the
    verdict's `message` and `line` get the event's own time and id back, so reports are
    byte-identical to classifying every event (bench/verdict_cache.py and
    tests/detect/test_classify_cache.py check it). Bounded: at most MAX_ENTRIES messages of at
    most MAX_KEY characters.
    """

    MAX_ENTRIES = 4096
    MAX_KEY = 8192

    def __init__(self) -> None:
        # the verdict, and whether a stand-in shows in its `message` or `line` (else a hit
        # returns it as it is, with no scan of those texts per event)
        self._verdicts: dict[str, tuple[list[ConnectionFailure], bool] | None] = {}
        self.hits = 0

    def classify(self, message: str) -> list[ConnectionFailure]:
        keyed = stand_in_key(message)
        if keyed is None:
            return _classify_uncached(message)
        key, prefix = keyed
        if key in self._verdicts:
            cached = self._verdicts[key]
            if cached is None:  # a stand-in reached a field we do not restore
                return _classify_uncached(message)
            self.hits += 1
        else:
            cached = keyed_verdict(key, prefix is not None)
            self._remember(key, cached)
            if cached is None:
                return _classify_uncached(message)
        verdict, stand_ins = cached
        return restore(verdict, prefix) if prefix and stand_ins else list(verdict)

    def _remember(self, key: str, verdict: tuple[list[ConnectionFailure], bool] | None) -> None:
        if len(self._verdicts) >= self.MAX_ENTRIES:
            del self._verdicts[next(iter(self._verdicts))]  # the oldest
        self._verdicts[key] = verdict


def stand_in_key(message: str) -> tuple[str, re.Match[str] | None] | None:
    """The message with its runtime prefix's time and request id as stand-ins, and the prefix
    (None when it has none: the key is the message); None when it cannot be keyed: too long,
    or a stand-in's own text is in it (its restore would be ambiguous)."""
    if len(message) > _VerdictCache.MAX_KEY or _TIME in message or _RID in message:
        return None
    prefix = _PREFIX.match(message)
    if prefix is None:
        return message, None
    return f"{prefix.group(1) or ''}{_TIME}\t{_RID}\t{message[prefix.end() :]}", prefix


def keyed_verdict(key: str, prefixed: bool) -> tuple[list[ConnectionFailure], bool] | None:
    """The verdict on a `stand_in_key` past the anchors, and whether a stand-in shows in its
    `message` or `line`; None when a stand-in reached another field (then classify each message
    itself)."""
    verdict = _classify_uncached(key)
    if prefixed and any(_stand_in_in(f, exclude=_RESTORED) for f in verdict):
        return None
    return verdict, prefixed and any(stand_in_shows(f) for f in verdict)


def _stand_in_in(failure: ConnectionFailure, exclude: tuple[str, ...]) -> bool:
    for field in dataclasses.fields(failure):
        value = getattr(failure, field.name)
        if field.name not in exclude and isinstance(value, str) and (_TIME in value or _RID in value):
            return True
    return False


def stand_in_shows(failure: ConnectionFailure) -> bool:
    """A stand-in in the fields `restored` gives the event's own time and id back."""
    return any(
        text is not None and (_TIME in text or _RID in text) for text in (failure.message, failure.line)
    )


def restore(verdict: list[ConnectionFailure], prefix: re.Match[str]) -> list[ConnectionFailure]:
    """The verdict with the event's own time and request id where the stand-ins are."""
    time, rid = prefix.group(2), prefix.group(3)
    return [restored(f, time, rid) if stand_in_shows(f) else f for f in verdict]


def restored(failure: ConnectionFailure, time: str, rid: str) -> ConnectionFailure:
    """One failure of a keyed verdict with the event's own time and request id back."""
    line = failure.line
    return _with_texts(
        failure,
        failure.message.replace(_TIME, time).replace(_RID, rid),
        line.replace(_TIME, time).replace(_RID, rid) if line is not None else None,
    )


_FIELDS = tuple(field.name for field in dataclasses.fields(ConnectionFailure))
_set = object.__setattr__


def _with_texts(failure: ConnectionFailure, message: str, line: str | None) -> ConnectionFailure:
    """dataclasses.replace(failure, message=..., line=...) at a third of its cost: an outage
    restores the prefix of every invocation's error line."""
    copy = object.__new__(ConnectionFailure)
    for name in _FIELDS:
        _set(copy, name, getattr(failure, name))
    _set(copy, "message", message)
    _set(copy, "line", line)
    return copy


_VERDICTS = _VerdictCache()
