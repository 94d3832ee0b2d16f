"""Invocations per log stream, stored for 100k streams: one row per stream name, no tuple.

A `Counter[StreamOf]` holds a 3-tuple per stream (64 bytes: 7 MB over 111k streams, at the
run's peak) besides the name. `StreamTotals` reads and writes the same (log group, log stream,
input) keys, but keeps one table per (log group, input) pair, keyed by the stream name alone: a
run has a few of those pairs, so the tuples exist only while a caller holds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping

from checker.functions import FunctionKey, function_key

StreamOf = tuple[str | None, str | None, str | None]  # (log group, log stream, input if no group)
_Pair = tuple[str | None, str | None]  # (log group, input if no group)


class StreamTotals(MutableMapping[StreamOf, int]):
    """Invocations per `StreamOf`; counts as `collections.Counter` does (`update` counts, a
    missing stream reads as 0), iterates streams in the order they were first counted within
    each (log group, input) pair."""

    def __init__(self, counted: Iterable[StreamOf] = ()) -> None:
        self._by: dict[_Pair, dict[str | None, int]] = {}
        self.update(counted)

    def __getitem__(self, where: StreamOf) -> int:
        streams = self._by.get((where[0], where[2]))
        return streams.get(where[1], 0) if streams is not None else 0

    def __contains__(self, where: object) -> bool:
        if not isinstance(where, tuple) or len(where) != 3:
            return False
        streams = self._by.get((where[0], where[2]))
        return streams is not None and where[1] in streams

    def get(self, where: StreamOf, default: int | None = None) -> int | None:  # type: ignore[override]
        """The stream's count, or `default` if it was never counted (as `Counter.get`)."""
        return self[where] if where in self else default

    def _streams(self, group: str | None, source: str | None) -> dict[str | None, int]:
        """The table of one (log group, input) pair, made at its first stream."""
        streams = self._by.get((group, source))
        if streams is None:
            streams = self._by[(group, source)] = {}
        return streams

    def __setitem__(self, where: StreamOf, count: int) -> None:
        self._streams(where[0], where[2])[where[1]] = count

    def __delitem__(self, where: StreamOf) -> None:
        pair = (where[0], where[2])
        del self._by[pair][where[1]]
        if not self._by[pair]:
            del self._by[pair]

    def __iter__(self) -> Iterator[StreamOf]:
        for (group, source), streams in self._by.items():
            for stream in streams:
                yield (group, stream, source)

    def __len__(self) -> int:
        return sum(len(streams) for streams in self._by.values())

    def __repr__(self) -> str:
        return f"StreamTotals({dict(self.items())!r})"

    def add(self, counts: Mapping[StreamOf, int]) -> None:
        """Add `counts` (a Counter of streams) to these."""
        for (group, stream, source), count in counts.items():
            streams = self._streams(group, source)
            streams[stream] = streams.get(stream, 0) + count

    def update(self, counted: Iterable[StreamOf] | Mapping[StreamOf, int] = (), /) -> None:  # type: ignore[override]
        """Count each stream of `counted` once more (a mapping: add its counts), as Counter does."""
        if isinstance(counted, Mapping):
            self.add(counted)
            return
        for group, stream, source in counted:  # one at a time: no Counter of tuples at the peak
            streams = self._streams(group, source)
            streams[stream] = streams.get(stream, 0) + 1

    def named_in_inputs(self) -> Iterator[tuple[str | None, str]]:
        """(log stream, input) of each stream of an export that names no log group."""
        for (_group, source), streams in self._by.items():
            if source is not None:
                for stream in streams:
                    yield stream, source

    def total(self) -> int:
        return sum(sum(streams.values()) for streams in self._by.values())

    def by_function(self) -> dict[FunctionKey, FunctionStreams]:
        """Each function's streams (`function_key`), as views of these totals."""
        functions: dict[FunctionKey, FunctionStreams] = {}
        for (group, source), streams in self._by.items():
            for stream in streams:
                key = function_key(group, stream, source)
                found = functions.get(key)
                if found is None:
                    found = functions[key] = FunctionStreams()
                found.add(group, source, streams, stream)
        return functions


class FunctionStreams(Mapping[StreamOf, int]):
    """One function's streams of a `StreamTotals`, counts read from it: a copy per function
    would hold a second row per stream at the run's peak (100k streams: ~8 MB). The names are
    kept per (log group, input) pair, one list slot per stream."""

    def __init__(self) -> None:
        self._parts: list[tuple[str | None, str | None, dict[str | None, int], list[str | None]]] = []

    def add(
        self, group: str | None, source: str | None, counts: dict[str | None, int], stream: str | None
    ) -> None:
        if not self._parts or self._parts[-1][2] is not counts:
            self._parts.append((group, source, counts, []))
        self._parts[-1][3].append(stream)

    def single_pair(self) -> bool:
        """Whether every stream is of one (log group, input) pair: then no two share a name."""
        return len({id(counts) for _g, _s, counts, _n in self._parts}) <= 1

    def __getitem__(self, where: StreamOf) -> int:
        for group, source, counts, _names in self._parts:
            if (group, source) == (where[0], where[2]) and where[1] in counts:
                return counts[where[1]]
        raise KeyError(where)

    def _rows(self) -> Iterator[tuple[str | None, str | None, str | None, int]]:
        """(log group, log stream, input, count) of each stream, read in place."""
        for group, source, counts, names in self._parts:
            for stream in names:
                yield group, stream, source, counts[stream]

    def __iter__(self) -> Iterator[StreamOf]:
        return ((group, stream, source) for group, stream, source, _count in self._rows())

    def items(self) -> Iterator[tuple[StreamOf, int]]:  # type: ignore[override]
        """(stream, count) pairs without a look-up per stream."""
        return (((group, stream, source), count) for group, stream, source, count in self._rows())

    def named(self) -> Iterator[tuple[str | None, int]]:
        """(stream name, count) of each stream, no tuple of three made."""
        return ((stream, count) for _group, stream, _source, count in self._rows())

    def values(self) -> Iterator[int]:  # type: ignore[override]
        return (count for *_where, count in self._rows())

    def __len__(self) -> int:
        return sum(len(names) for _g, _s, _c, names in self._parts)
