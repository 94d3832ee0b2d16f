"""The JSON Schemas shipped in the package, loaded once each."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the schema `schemas/<name>.schema.json` from the installed package."""
    text = (files("checker") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


def pointer(error: ValidationError, prefix: str = "") -> str:
    """The JSON pointer of the instance an error is about, e.g. `/events/3/message`."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path]
    return prefix + "".join("/" + p for p in parts) or "/"


def problems(name: str, instance: Any, prefix: str = "") -> list[str]:
    """`/pointer: reason` for each way `instance` breaks schema `name`, deepest first."""
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: e.path)
    return [f"{pointer(e, prefix)}: {_reason(e)}" for e in errors]


def _reason(error: ValidationError) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    return error.message


@cache
def _definition_validator(name: str, definition: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name)["$defs"][definition])


def definition_problems(name: str, definition: str, instance: Any, prefix: str) -> list[str]:
    """Like `problems`, for one item against `$defs/<definition>` of schema `name`."""
    errors = sorted(_definition_validator(name, definition).iter_errors(instance), key=lambda e: e.path)
    return [f"{pointer(e, prefix)}: {_reason(e)}" for e in errors]
