"""One CloudWatch event message -> the connection failures it reports (usually none).

Speed: the analyzer calls this on every event; almost none are failures. One Aho-Corasick pass
looks for the literal ANCHORS (none occur in ordinary lines). Only then a second pass finds which
rows' needles occur, and only those rows run their regex.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import ahocorasick_rs

from checker.detect.destination import clean_host, parse_destination
from checker.detect.digits import DIGITS, digit_sensitivity, leading_literal
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
from checker.detect.text import RUNTIME_HINTS, line_at

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
        key, prefix, local = keyed
        if key in self._verdicts:
            cached = self._verdicts[key]
            if cached is None:  # a stand-in reached a field we do not restore
                return _classify_uncached(message)
            self.hits += 1
        else:
            cached = keyed_verdict(key, prefix is not None, local)
            self._remember(key, cached)
            if cached is None:
                return _classify_uncached(message)
        verdict, stand_ins = cached
        return restore(verdict, prefix, local) if stand_ins else list(verdict)

    def _remember(self, key: str, verdict: tuple[list[ConnectionFailure], bool] | None) -> None:
        if len(self._verdicts) >= self.MAX_ENTRIES:
            del self._verdicts[next(iter(self._verdicts))]  # the oldest
        self._verdicts[key] = verdict


def stand_in_key(message: str) -> tuple[str, re.Match[str] | None, str | None] | None:
    """The message with its runtime prefix's time and request id as stand-ins, the prefix (None
    when it has none), and the Node `- Local (ip:port)` address given a stand-in (`_local_of`;
    None when none was); None when it cannot be keyed: too long, or a stand-in's own text is in
    it (its restore would be ambiguous)."""
    if len(message) > _VerdictCache.MAX_KEY or _TIME in message or _RID in message:
        return None
    local = _local_of(message) if "Local (" in message else None
    if local is not None:
        message = message.replace(f"({local})", f"({local_stand_in(local)})")
    prefix = _PREFIX.match(message)
    if prefix is None:
        return message, None, local
    return f"{prefix.group(1) or ''}{_TIME}\t{_RID}\t{message[prefix.end() :]}", prefix, local


def keyed_verdict(
    key: str, prefixed: bool, local: str | None = None
) -> tuple[list[ConnectionFailure], bool] | None:
    """The verdict on a `stand_in_key` past the anchors, and whether a stand-in shows in its
    `message`, `line` (or `local_address`); None when a stand-in reached another field, or the
    local address's stand-in cannot be shown exact for this text (then classify each message
    itself)."""
    verdict = _classify_uncached(key)
    if prefixed and any(_stand_in_in(f, exclude=_RESTORED) for f in verdict):
        return None
    ones = local_stand_in(local) if local is not None else None
    if ones is not None and not _local_exact(key, ones, verdict):
        return None
    return verdict, (prefixed or ones is not None) and any(stand_in_shows(f, ones) for f in verdict)


# Node's `connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.160:36430)` names the socket's own
# address, new for every connection: an outage's errors differ in it alone. Its digits get a
# stand-in of the same shape (every digit 1), exact by the rules `_local_of` and
# `_local_exact` check (tests/detect/test_local_stand_in.py).
_IPV4_PORT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}:[0-9]{1,5}")
_ONES = str.maketrans(DIGITS, "1" * len(DIGITS))
_TWOS = str.maketrans(DIGITS, "2" * len(DIGITS))
_MASK = "\x00"  # in place of the stand-in's characters when asking whether a host is in a line
# The regexes the classifier runs over whole texts other than the rows: each treats all digits
# alike, or can match only where its leading literal (with no digit) occurs.
_GUARDED = (LOCAL_NAME,)


def local_stand_in(address: str) -> str:
    """The stand-in a local address takes in a key: its digits each 1, the same shape."""
    return address.translate(_ONES)


def _local_of(message: str) -> str | None:
    """The address of the message's first `- Local (...)` when it can take a stand-in: an IPv4
    address and port (not port 0: `_hit_from_match` drops `:0`), the stand-ins' texts not in
    the message, and no fixed text the classifier looks for that holds a digit in it (so
    which rows run, vetoes, phases and runtime hints are the same whatever the digits)."""
    at = message.find("Local (") + 7
    close = message.find(")", at, at + 22)
    address = message[at:close]
    if close < 0 or not _IPV4_PORT.fullmatch(address) or address.endswith(":0"):
        return None
    ones = local_stand_in(address)
    if ones in message or ones.translate(_TWOS) in message:
        return None
    if _digit_texts().find_matches_as_indexes(message):
        return None
    return address


def digit_texts() -> list[str]:
    """Every fixed text the classifier looks for in an event that holds a digit."""
    texts = (
        *ANCHORS,
        *_NEEDLES,
        *VETOES,
        *READ_PHASE,
        *LISTEN_PHASE,
        *DATAGRAM_PHASE,
        *(hint for hint, _runtime in RUNTIME_HINTS),
        *(leading_literal(r.pattern, r.flags) for r in _GUARDED),
    )
    return sorted({t for t in texts if any(d in t for d in DIGITS)})


@functools.cache
def _digit_texts() -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(digit_texts())


@functools.cache
def digit_sensitive(order: int) -> bool:
    """Whether row `order`'s regex tells digits apart (`digits.digit_sensitivity`); read for
    the rows a text runs only, once each (parsing all of them would cost start-up time)."""
    row = PATTERNS[order]
    return bool(digit_sensitivity(row.regex.pattern, row.regex.flags))


def _local_exact(key: str, ones: str, verdict: list[ConnectionFailure]) -> bool:
    """Whether `verdict`, worked out on `key` with the stand-in `ones` for a local address,
    holds with the stand-in's digits replaced by any others (then it is restored exactly).

    The texts outside the stand-ins are the same whatever its digits. Over them: no fixed text
    looked for holds a digit (checked here for the key, by `_local_of` for each message), so
    the same rows run; none of them tells digits apart (`digit_sensitive`), and no guarded
    regex can match; no group but `local` captures a stand-in digit, and `local` a whole one;
    a line holds one stand-in at most (`normalize` takes one `- Local` out of a line); every
    host with a digit that `merge.to_failure` looks for in a line holding a stand-in is in it
    apart from the stand-in. Last, the verdict on the key with every stand-in digit 2 is this
    one with 2 for 1 in its `message`, `line` and `local_address`, and nothing else: what a
    digit reaches is found, and no text was cut through a stand-in.
    """
    twos = ones.translate(_TWOS)
    other = key.replace(ones, twos)
    texts = _digit_texts()
    if texts.find_matches_as_indexes(key) or texts.find_matches_as_indexes(other):
        return False
    text, structured = unpack_json(key)
    if unpack_json(other)[0] != text.replace(ones, twos):
        return False
    delimited = f"({ones})"
    spans: list[tuple[int, int]] = []
    at = text.find(delimited)
    while at >= 0:
        spans.append((at + 1, at + 1 + len(ones)))
        at = text.find(delimited, at + 1)
    if len(spans) != text.count(ones):
        return False
    if any(line.count(ones) > 1 for line in re.split(r"[\r\n]", text)):
        return False
    if any(regex.search(text) for regex in _GUARDED) or any(
        leading_literal(r.pattern, r.flags) in text for r in _GUARDED
    ):
        return False
    orders: set[int] = set()
    for index, _, _ in _NEEDLE_AUTOMATON.find_matches_as_indexes(text, overlapping=True):
        orders.update(_NEEDLE_ROWS[index])
    if any(digit_sensitive(order) for order in orders):
        return False
    for order in orders:
        row = PATTERNS[order]
        names = list(row.regex.groupindex)
        for count, m in enumerate(row.regex.finditer(text)):
            if count >= _MAX_MATCHES_PER_ROW:
                break
            for name in names:
                start, end = m.span(name)
                if start < 0 or name == "at" or not any(start < b and a < end for a, b in spans):
                    continue
                if name != "local" or (start, end) not in spans:
                    return False
    hits, dests = _match(text)
    shown = [*structured, *hits]
    for host in {h.host for h in (*shown, *dests) if h.host and any(d in h.host for d in DIGITS)}:
        if _MASK in host:
            return False
        for hit in shown:
            if ones in hit.line and host not in hit.line.replace(ones, _MASK * len(ones)).lower():
                return False
    again = _classify_uncached(other)
    return len(again) == len(verdict) and all(
        _with_texts(f, *_swapped(f, ones, twos)) == g for f, g in zip(verdict, again, strict=True)
    )


def _swapped(failure: ConnectionFailure, old: str, new: str) -> tuple[str, str | None, str | None]:
    line, local = failure.line, failure.local_address
    return (
        failure.message.replace(old, new),
        line.replace(old, new) if line is not None else None,
        local.replace(old, new) if local is not None else None,
    )


def _stand_in_in(failure: ConnectionFailure, exclude: tuple[str, ...]) -> bool:
    for field in dataclasses.fields(failure):
        value = getattr(failure, field.name)
        if field.name not in exclude and isinstance(value, str) and (_TIME in value or _RID in value):
            return True
    return False


def stand_in_shows(failure: ConnectionFailure, local: str | None = None) -> bool:
    """A stand-in in the fields `restored` gives the event's own time and id (and local
    address: `local` is its stand-in) back."""
    texts = (failure.message, failure.line)
    return any(text is not None and (_TIME in text or _RID in text) for text in texts) or (
        local is not None and any(t is not None and local in t for t in (*texts, failure.local_address))
    )


def restore(
    verdict: list[ConnectionFailure], prefix: re.Match[str] | None, local: str | None = None
) -> list[ConnectionFailure]:
    """The verdict with the event's own time, request id and local address where the
    stand-ins are."""
    time, rid = (prefix.group(2), prefix.group(3)) if prefix is not None else ("", "")
    ones = local_stand_in(local) if local is not None else None
    return [restored(f, time, rid, local) if stand_in_shows(f, ones) else f for f in verdict]


def restored(failure: ConnectionFailure, time: str, rid: str, local: str | None = None) -> ConnectionFailure:
    """One failure of a keyed verdict with the event's own time and request id back ("" for
    none: the text had no prefix), and its own local address (`local`) if it took a stand-in."""
    message, line, address = failure.message, failure.line, failure.local_address
    if time:
        message = message.replace(_TIME, time).replace(_RID, rid)
        line = line.replace(_TIME, time).replace(_RID, rid) if line is not None else None
    if local is None:
        return _with_texts(failure, message, line)
    ones = local_stand_in(local)
    return _with_texts(
        failure,
        message.replace(ones, local),
        line.replace(ones, local) if line is not None else None,
        address.replace(ones, local) if address is not None else None,
    )


_FIELDS = tuple(field.name for field in dataclasses.fields(ConnectionFailure))
_set = object.__setattr__


def _with_texts(
    failure: ConnectionFailure, message: str, line: str | None, *local: str | None
) -> ConnectionFailure:
    """dataclasses.replace(failure, message=..., line=...[, local_address=...]) at a third of
    its cost: an outage restores the prefix of every invocation's error line."""
    copy = object.__new__(ConnectionFailure)
    for name in _FIELDS:
        _set(copy, name, getattr(failure, name))
    _set(copy, "message", message)
    _set(copy, "line", line)
    if local:
        _set(copy, "local_address", local[0])
    return copy


_VERDICTS = _VerdictCache()
