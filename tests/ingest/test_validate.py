"""The compiled per-item checks give exactly the schema's verdict, for any item."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.ingest.validate import compiled, item_problem
from checker.schema import load_schema

ITEM_DEFS = [
    ("filter-log-events", "event"),
    ("get-log-events", "event"),
    ("subscription-message", "event"),
    ("live-tail", "event"),
]
KEYS = ["timestamp", "message", "logStreamName", "ingestionTime", "eventId", "id", "logGroupIdentifier", "x"]
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2**53),
    st.floats(allow_nan=False),
    st.just(5.0),
    st.just(-1.0),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)
items = st.one_of(st.dictionaries(st.sampled_from(KEYS), values, max_size=6), values)


@pytest.mark.parametrize(("schema", "definition"), ITEM_DEFS)
def test_every_hot_item_schema_compiles(schema: str, definition: str) -> None:
    assert compiled(schema, definition) is not None


@pytest.mark.parametrize(("schema", "definition"), ITEM_DEFS)
@settings(max_examples=400, deadline=None)
@given(item=items)
def test_compiled_check_agrees_with_jsonschema(schema: str, definition: str, item: Any) -> None:
    predicate = compiled(schema, definition)
    assert predicate is not None
    # jsonschema itself is the oracle (definition_problems now asks the fast check first)
    schema_says_valid = Draft202012Validator(load_schema(schema)["$defs"][definition]).is_valid(item)
    assert predicate(item) == schema_says_valid
    assert (item_problem(schema, definition, item, "/events/0") is None) == schema_says_valid
