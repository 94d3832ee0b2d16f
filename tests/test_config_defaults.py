"""Config defaults are declared once, on the dataclasses: a file that sets nothing gets them."""

from __future__ import annotations

from checker.config import Config, LintSettings, from_mapping
from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT


def test_an_empty_config_file_gets_the_dataclass_defaults() -> None:
    assert from_mapping({}) == Config()
    assert from_mapping({"thresholds": {}, "network": {}, "lint": {}}) == Config()


def test_the_lint_maximum_is_the_one_constant() -> None:
    assert Config().lint.max_connect_timeout == DEFAULT_MAX_CONNECT_TIMEOUT == 5.0
    assert from_mapping({"lint": {"max-connect-timeout": 2}}).lint == LintSettings(max_connect_timeout=2.0)


def test_arm64_prices_its_own_gb_seconds() -> None:
    config = from_mapping({"architecture": "arm64"})
    assert (config.architecture, config.price_per_gb_second) == ("arm64", 0.0000133334)
