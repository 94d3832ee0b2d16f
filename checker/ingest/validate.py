"""Per-item schema checks that cost next to nothing for valid items and stay exact.

Each item schema in `schemas/` is compiled into a plain Python predicate when it uses only
`type: object`, `required` and `properties` of simple types; a valid item costs a few dict
look-ups. Only when the predicate says no is jsonschema asked, so the reported problem (and
the verdict) is always the schema's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from checker.schema import definition_problems, load_schema

Predicate = Callable[[Any], bool]


def _is_integer(value: Any, minimum: float | None, maximum: float | None) -> bool:
    if type(value) is int or (type(value) is float and value.is_integer()):
        return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
    return False


def _type_check(spec: dict[str, Any]) -> Predicate | None:
    """A predicate for a property schema, or None when it uses keywords we do not compile."""
    if set(spec) - {"type", "minimum", "maximum", "description", "title"}:
        return None
    kind = spec.get("type")
    minimum = spec.get("minimum")
    maximum = spec.get("maximum")
    if kind == "string" and minimum is None and maximum is None:
        return lambda v: type(v) is str
    if kind == "integer":
        return lambda v: _is_integer(v, minimum, maximum)
    return None


@cache
def compiled(schema_name: str, definition: str) -> Predicate | None:
    """A fast predicate equivalent to `$defs/<definition>`, or None (then jsonschema decides)."""
    spec = load_schema(schema_name)["$defs"][definition]
    if set(spec) - {"type", "required", "properties", "title", "description"}:
        return None
    if spec.get("type") != "object":
        return None
    required = tuple(spec.get("required", ()))
    checks: list[tuple[str, Predicate]] = []
    for key, prop in spec.get("properties", {}).items():
        check = _type_check(prop)
        if check is None:
            return None
        checks.append((key, check))

    def predicate(item: Any) -> bool:
        if type(item) is not dict:
            return False
        for key in required:
            if key not in item:
                return False
        for key, check in checks:
            if key in item and not check(item[key]):
                return False
        return True

    return predicate


def item_problem(schema_name: str, definition: str, item: Any, pointer: str) -> str | None:
    """The first problem of `item` against the schema definition, or None when it is valid."""
    predicate = compiled(schema_name, definition)
    if predicate is not None and predicate(item):
        return None
    found = definition_problems(schema_name, definition, item, pointer)
    return found[0] if found else None
