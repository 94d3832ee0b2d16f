"""The calls table is the truth: botocore knows each call as written, the docs' policy and
commands are generated from it, and the policy lists exactly its IAM actions."""

from __future__ import annotations

import json
import re

import pytest

from checker.collect.calls import CALLS, iam_actions, iam_policy
from checker.collect.docs import DOC, refreshed
from tests.conftest import ROOT

botocore_session = pytest.importorskip("botocore.session")


def _doc() -> str:
    return (ROOT / DOC).read_text(encoding="utf-8")


def test_docs_collect_md_is_generated_from_the_table() -> None:
    text = _doc()
    assert refreshed(text) == text, "run `python -m checker.collect.docs`"


def test_the_documented_policy_lists_exactly_the_tables_iam_actions() -> None:
    block = re.search(r"<!-- generated:policy -->\n```json\n(.*?)```", _doc(), re.DOTALL)
    assert block is not None
    policy = json.loads(block.group(1))
    assert policy == iam_policy()
    [statement] = policy["Statement"]
    assert (statement["Effect"], statement["Resource"]) == ("Allow", "*")
    assert statement["Action"] == sorted({f"{c.service}:{c.operation}" for c in CALLS}) == iam_actions()
    # read-only: every action reads (Describe/Get/List/Filter) or runs/ends a read-only query
    assert [
        a for a in iam_actions() if not re.match(r"\w+:(Describe|Get|List|Filter|StartQuery|StopQuery)", a)
    ] == []


def test_every_call_is_the_operation_botocore_knows_and_pages_as_the_table_says() -> None:
    session = botocore_session.get_session()
    for c in CALLS:
        model = session.get_service_model(c.service)
        assert c.operation in model.operation_names, c.key
        client = session.create_client(
            c.service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        from botocore import xform_name

        assert client.can_paginate(xform_name(c.operation)) == c.paginated, c.key


def test_every_documented_command_is_a_call_of_the_table() -> None:
    commands = re.findall(r"^\s*aws (\w+) ([a-z-]+)", _doc(), re.MULTILINE)
    keys = {c.key for c in CALLS}
    assert {f"{s}:{c}" for s, c in commands} <= keys
    assert {f"{c.service}:{c.command}" for c in CALLS if c.file} <= {f"{s}:{c}" for s, c in commands}
