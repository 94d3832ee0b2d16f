"""`Shape`: how a model type is written as a JSON object, declared once per type.

A leaf module: checker/report.py and checker/network/report.py both declare their shapes with
it, and neither needs the other to do so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import msgspec

Read = Callable[[Any], Any]


@dataclass(frozen=True)
class Shape:
    """The JSON object a model type is written as: its keys in the contract's order.

    A key's value is the model's attribute of the same name unless `read` says otherwise (a
    dotted attribute path, or a function of the object), passed through `convert` when it names
    the key; `nested` gives the shape of a key's object (or of each item of its list); a key in
    `absent_when_none` is left out, not null.
    """

    fields: str  # the keys, space-separated
    read: Mapping[str, str | Read] = field(default_factory=dict)
    convert: Mapping[str, Read] = field(default_factory=dict)
    nested: Mapping[str, Shape] = field(default_factory=dict)
    absent_when_none: frozenset[str] = frozenset()
    keys: tuple[str, ...] = field(init=False)  # `fields`, split

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(self.fields.split()))
        paths = [self.read.get(key, key) for key in self.keys]
        if all(isinstance(p, str) for p in paths):  # one C call reads them all
            values: Read = attrgetter(*(p for p in paths if isinstance(p, str)))
        else:
            getters = [attrgetter(p) if isinstance(p, str) else p for p in paths]

            def values(obj: Any) -> list[Any]:
                return [get(obj) for get in getters]

        after = tuple(
            (i, self.convert.get(key), self.nested.get(key), key in self.absent_when_none)
            for i, key in enumerate(self.keys)
            if key in self.convert or key in self.nested or key in self.absent_when_none
        )
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_after", after)

    def encode(self, obj: Any) -> dict[str, Any]:
        values = self.__dict__["_values"](obj)
        after: tuple[tuple[int, Read | None, Shape | None, bool], ...] = self.__dict__["_after"]
        if not after:
            return dict(zip(self.keys, values, strict=True))
        values = list(values)
        absent = []
        for i, convert, shape, omit in after:
            value = values[i]
            if convert is not None:
                values[i] = convert(value)
            elif value is None:
                if omit:
                    absent.append(self.keys[i])
            elif shape is not None:
                values[i] = (
                    [shape.encode(v) for v in value] if type(value) in _ARRAYS else shape.encode(value)
                )
        out = dict(zip(self.keys, values, strict=True))
        for key in absent:
            del out[key]
        return out


_ARRAYS = (tuple, list)


def to_builtins(document: Any) -> Any:
    """`document` (shaped dicts holding model values) as JSON builtins, by msgspec: dataclasses
    become objects in field order, enums their values, tuples lists."""
    return msgspec.json.decode(msgspec.json.encode(document))
