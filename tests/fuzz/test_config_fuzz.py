"""Fuzz the config loader (issue 8): any .connfail.yml or pyproject.toml gives a Config or one
ConfigError line naming the file, never another exception, whatever its types or nesting."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import Config, load_config
from checker.errors import ConfigError, error_line

VALID_YAML = """\
fail-on: elevated
thresholds: {high: 5, elevated: 1}
ignore-hosts: [localhost, "127.0.0.1"]
architecture: arm64
max-inflated-bytes: 2147483648
max-message-bytes: 1048576
max-listed-invocations: 1000
network:
  vpc: true
  streams:
    "2026/11/20/[$LATEST]0123456789abcdef0123456789abcdef": {subnet: subnet-0a1b, availability-zone: us-east-1b}
lint: {max-connect-timeout: 5, select: [CF101], exclude: ["tests/**"]}
"""

KEYS = [
    "fail-on",
    "thresholds",
    "high",
    "elevated",
    "ignore-hosts",
    "architecture",
    "price-per-gb-second",
    "max-inflated-bytes",
    "max-message-bytes",
    "max-listed-invocations",
    "network",
    "vpc",
    "streams",
    "lint",
    "max-connect-timeout",
    "select",
    "exclude",
    "log-group",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=20)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=30,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)


def _load(name: str, text: str) -> Config | str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            return load_config(path)
        except ConfigError as exc:
            line = error_line(exc)
            assert "\n" not in line and len(line) <= 1000, line
            assert line.startswith(str(path)), line
            return line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_shape_of_settings_is_a_config_or_one_line(document: dict[str, object]) -> None:
    _load(".connfail.yml", yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(VALID_YAML) - 1),
    st.integers(0, 40),
    st.text(alphabet="{}[]:,&*!|>-'\"#\n \t%@`?0aZ\\", max_size=12),
)
def test_a_mangled_config_file_is_a_config_or_one_line(at: int, cut: int, insert: str) -> None:
    mangled = VALID_YAML[:at] + insert + VALID_YAML[at + cut :]
    _load(".connfail.yml", mangled)
    toml = "[tool.connfail]\n" + mangled.replace(": ", " = ")
    _load("pyproject.toml", toml)


def test_the_unmangled_config_loads() -> None:
    """The control: the fuzzers start from a config that is valid."""
    config = _load(".connfail.yml", VALID_YAML)
    assert isinstance(config, Config)
    assert (config.fail_on, config.architecture, config.max_listed_invocations) == ("elevated", "arm64", 1000)
