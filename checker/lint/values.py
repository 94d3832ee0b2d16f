"""Abstract values both analyzers evaluate expressions to (only what timeouts need)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from checker.lint.verdict import Connect


@dataclass(frozen=True)
class Unknown:
    pass


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class NoneValue:
    pass


@dataclass(frozen=True)
class Seq:
    items: tuple[Value, ...]


@dataclass(frozen=True)
class Mapping:
    """A dict literal whose keys are all string constants."""

    items: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Ref:
    """A module or a name inside one, by its qualified name: `requests.get`."""

    name: str


@dataclass(frozen=True)
class Instance:
    """A client object of a known class, with the connect timeout it was built with."""

    cls: str
    connect: Connect
    # Where it was built (id of the constructor call): which requests are made on this very client.
    origin: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TimeoutObject:
    """httpx.Timeout, urllib3.Timeout, aiohttp.ClientTimeout or botocore's Config."""

    cls: str
    connect: Connect


Value = Unknown | Num | Str | NoneValue | Seq | Mapping | Ref | Instance | TimeoutObject
UNKNOWN = Unknown()
NONE = NoneValue()


def to_float(value: int | float) -> float:
    """A numeric literal as seconds: an integer too large for a float is infinite in effect."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
