"""The JSON Schemas shipped in the package, loaded once each.

Validation is two-tier: each schema is compiled once into a plain Python predicate (for the
keywords our schemas use) that says "valid" cheaply; only when it says no, or cannot be built,
is jsonschema imported and asked, so every reported problem is jsonschema's own wording. Valid
input never pays jsonschema's import (~0.3 s of CPU) or its per-item cost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

Check = Callable[[Any], bool]
# Keywords that never change a verdict (annotations and containers of definitions).
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "examples",
        "default",
        "contentEncoding",
        "contentMediaType",
    }
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the schema `schemas/<name>.schema.json` from the installed package."""
    try:  # beside this module in every install but a zipped one; importlib.resources costs ~30 ms
        text = (Path(__file__).parent / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        from importlib.resources import files

        text = (files("checker") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name))


def pointer(error: ValidationError, prefix: str = "") -> str:
    """The JSON pointer of the instance an error is about, e.g. `/events/3/message`."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path]
    return prefix + "".join("/" + p for p in parts) or "/"


def problems(name: str, instance: Any, prefix: str = "") -> list[str]:
    """`/pointer: reason` for each way `instance` breaks schema `name`, deepest first."""
    check = fast_check(name)
    if check is not None and check(instance):
        return []
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: e.path)
    return [f"{pointer(e, prefix)}: {_reason(e)}" for e in errors]


def _reason(error: ValidationError) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    return error.message


@cache
def _definition_validator(name: str, definition: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name)["$defs"][definition])


def definition_problems(name: str, definition: str, instance: Any, prefix: str) -> list[str]:
    """Like `problems`, for one item against `$defs/<definition>` of schema `name`."""
    check = fast_check(name, definition)
    if check is not None and check(instance):
        return []
    errors = sorted(_definition_validator(name, definition).iter_errors(instance), key=lambda e: e.path)
    return [f"{pointer(e, prefix)}: {_reason(e)}" for e in errors]


@cache
def fast_check(name: str, definition: str | None = None) -> Check | None:
    """A predicate that is True only for instances jsonschema finds valid, or None.

    False means "ask jsonschema" (it may still find the instance valid, e.g. a Decimal);
    None means the schema uses a keyword this compiler does not know.
    """
    root = load_schema(name)
    node = root if definition is None else root["$defs"][definition]
    try:
        return _compile(root, node)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    """A keyword (or keyword value) the fast compiler leaves to jsonschema."""


def _is_number(value: Any) -> bool:
    return type(value) is int or type(value) is float


_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: type(v) is bool,
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
    "number": _is_number,
    "string": lambda v: type(v) is str,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}


def _same(expected: Any, value: Any) -> bool:
    """JSON equality for scalars (1 is not true); containers are left to jsonschema."""
    return type(expected) is type(value) and expected == value


def _scalar_list(values: list[Any]) -> list[Any]:
    if any(type(v) not in (str, int, float, bool, type(None)) for v in values):
        raise _Unsupported("enum or const of containers")
    return values


def _compile(root: dict[str, Any], node: Any) -> Check:
    if node is True:
        return lambda v: True
    if node is False:
        return lambda v: False
    if type(node) is not dict:
        raise _Unsupported("schema is not an object")
    keywords = {k: a for k, a in node.items() if k not in _ANNOTATIONS}
    if keywords.get("type") == "object" and set(keywords) <= _OBJECT_KEYWORDS:
        return _object(root, keywords)
    checks = [_keyword(root, node, key, arg) for key, arg in keywords.items()]
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def every(v: Any) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True

    return every


_OBJECT_KEYWORDS = frozenset({"type", "required", "properties", "additionalProperties"})


def _object(root: dict[str, Any], node: dict[str, Any]) -> Check:
    """`type: object` with required/properties/additionalProperties, as one loop (the hot rows)."""
    required = tuple(node.get("required", ()))
    props = {k: _compile(root, s) for k, s in node.get("properties", {}).items()}
    extra_schema = node.get("additionalProperties", True)
    extra = None if extra_schema is True else _compile(root, extra_schema)

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return False
        for name in required:
            if name not in v:
                return False
        for key, value in v.items():
            prop = props.get(key)
            if prop is None:
                if extra is not None and not extra(value):
                    return False
            elif not prop(value):
                return False
        return True

    return check


def _keyword(root: dict[str, Any], node: dict[str, Any], key: str, arg: Any) -> Check:
    """One keyword as a predicate; each is vacuously true for instances of other types."""
    if key == "$ref":
        if not isinstance(arg, str) or not arg.startswith("#/$defs/") or "/" in arg[8:]:
            raise _Unsupported(key)
        return _compile(root, root["$defs"][arg[8:]])
    if key == "type":
        kinds = [arg] if isinstance(arg, str) else list(arg)
        if any(k not in _TYPES for k in kinds):
            raise _Unsupported(key)
        tests = [_TYPES[k] for k in kinds]
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(t(v) for t in tests)
    if key in ("enum", "const"):
        allowed = _scalar_list(list(arg) if key == "enum" else [arg])
        if len(allowed) == 1:
            only = allowed[0]
            return lambda v: type(v) is type(only) and v == only
        return lambda v: any(_same(a, v) for a in allowed)
    if key == "required":
        names = tuple(arg)
        return lambda v: type(v) is not dict or all(n in v for n in names)
    if key == "properties":
        props = [(k, _compile(root, s)) for k, s in arg.items()]
        return lambda v: type(v) is not dict or all(c(v[k]) for k, c in props if k in v)
    if key == "additionalProperties":
        if "patternProperties" in node:
            raise _Unsupported(key)
        known = frozenset(node.get("properties", {}))
        extra = _compile(root, arg)
        return lambda v: type(v) is not dict or all(extra(x) for k, x in v.items() if k not in known)
    if key == "items":
        if "prefixItems" in node:
            raise _Unsupported(key)
        each = _compile(root, arg)
        return lambda v: type(v) is not list or all(map(each, v))
    if key == "contains":
        if "minContains" in node or "maxContains" in node:
            raise _Unsupported(key)
        one = _compile(root, arg)
        return lambda v: type(v) is not list or any(map(one, v))
    if key == "anyOf":
        options = [_compile(root, s) for s in arg]
        return lambda v: any(o(v) for o in options)
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if not _is_number(arg):
            raise _Unsupported(key)
        compare: Callable[[Any, Any], bool] = {
            "minimum": lambda v, a: v >= a,
            "maximum": lambda v, a: v <= a,
            "exclusiveMinimum": lambda v, a: v > a,
            "exclusiveMaximum": lambda v, a: v < a,
        }[key]
        return lambda v: not _is_number(v) or compare(v, arg)
    if key == "minLength":
        return lambda v: type(v) is not str or len(v) >= arg
    if key == "pattern":
        regex = re.compile(arg)
        return lambda v: type(v) is not str or regex.search(v) is not None
    if key == "minItems":
        return lambda v: type(v) is not list or len(v) >= arg
    if key == "minProperties":
        return lambda v: type(v) is not dict or len(v) >= arg
    raise _Unsupported(key)
