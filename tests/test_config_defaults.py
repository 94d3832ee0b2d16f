"""Config defaults are declared once, on the dataclasses: a file that sets nothing gets them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker.config import Config, LintSettings, from_mapping
from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT
from checker.ingest.limits import size_text


def test_an_empty_config_file_gets_the_dataclass_defaults() -> None:
    assert from_mapping({}) == Config()
    assert from_mapping({"thresholds": {}, "network": {}, "lint": {}}) == Config()


def test_the_lint_maximum_is_the_one_constant() -> None:
    assert Config().lint.max_connect_timeout == DEFAULT_MAX_CONNECT_TIMEOUT == 5.0
    assert from_mapping({"lint": {"max-connect-timeout": 2}}).lint == LintSettings(max_connect_timeout=2.0)


def test_arm64_prices_its_own_gb_seconds() -> None:
    config = from_mapping({"architecture": "arm64"})
    assert (config.architecture, config.price_per_gb_second) == ("arm64", 0.0000133334)


def test_the_schema_says_the_defaults_the_dataclass_declares() -> None:
    schema = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "config.schema.json").read_text())
    said = {
        key: found.group(1)
        for key, spec in schema["properties"].items()
        if (found := re.search(r"\(default ([^,)]+)", spec.get("description", "")))
    }
    config = Config()
    assert said == {
        "max-inflated-bytes": size_text(config.max_inflated_bytes),
        "max-message-bytes": size_text(config.max_message_bytes),
        "max-listed-invocations": str(config.max_listed_invocations),
        "max-listed-sources": str(config.max_listed_sources),
    }
