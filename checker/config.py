"""Settings from [tool.connfail] in pyproject.toml or .connfail.yml, checked against the schema."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT
from checker.errors import ConfigError, reading
from checker.ingest.limits import DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_MESSAGE_BYTES
from checker.schema import problems
from checker.vocab import FailOn

# First-tier Lambda prices per GB-second (USD), by architecture.
PRICE_PER_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
DEFAULT_ARCHITECTURE = "x86_64"  # Lambda's own default
DEFAULT_MAX_LISTED_INVOCATIONS = 1000  # per finding in the JSON report; the rest are counted
DEFAULT_MAX_LISTED_SOURCES = 1000  # log streams per finding in the JSON report; the rest are counted
CONFIG_FILES = (".connfail.yml", ".connfail.yaml", "pyproject.toml")
# Bounds on a configuration's shape (its deepest real key is network.streams.NAME.subnet).
MAX_DEPTH = 32
MAX_VALUES = 200_000
# Minified and vendored code is not the project's own: not linted unless lint.vendored says so.
DEFAULT_LINT_VENDORED = (
    "*.min.js",
    "*.min.mjs",
    "*.min.cjs",
    "vendor/",
    "node_modules/",
    "bower_components/",
)
# Test code builds clients it never connects (mocks, stubs, replayed responses, settings checks)
# and never runs in Lambda: not linted unless lint.tests says so (bench/lint: 250 of the 252 false
# reports on 102 real packages were in test code).
DEFAULT_LINT_TESTS = (
    "tests/",
    "test/",
    "testing/",
    "__tests__/",
    "__mocks__/",
    "test_*.py",
    "*_test.py",
    "conftest.py",
    "*.test.*",
    "*.spec.*",
)


@dataclass(frozen=True)
class StreamNetwork:
    """A log stream's subnet and zone from the config's `network.streams`, shown in its sources row."""

    subnet: str | None = None
    availability_zone: str | None = None


@dataclass(frozen=True)
class LintSettings:
    """The `lint` table: what `connfail lint` checks and skips."""

    max_connect_timeout: float = DEFAULT_MAX_CONNECT_TIMEOUT
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    vendored: tuple[str, ...] = DEFAULT_LINT_VENDORED
    tests: tuple[str, ...] = DEFAULT_LINT_TESTS


@dataclass(frozen=True)
class Config:
    """Every setting, with its default: the one place defaults are declared."""

    fail_on: FailOn = FailOn.HIGH
    high_above: int = 5  # HIGH when failing invocations > high_above
    elevated_at: int = 1  # ELEVATED when failing invocations >= elevated_at
    ignore_hosts: tuple[str, ...] = ()
    architecture: str = DEFAULT_ARCHITECTURE
    price_per_gb_second: float = PRICE_PER_GB_SECOND[DEFAULT_ARCHITECTURE]
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    max_listed_invocations: int = DEFAULT_MAX_LISTED_INVOCATIONS
    max_listed_sources: int = DEFAULT_MAX_LISTED_SOURCES
    vpc: bool | None = None
    log_group: str | None = None  # for exports that do not name their log group
    streams: dict[str, StreamNetwork] = field(default_factory=dict)
    lint: LintSettings = LintSettings()
    source: str | None = None  # the file these settings came from


def find_config(start: Path) -> Path | None:
    """The nearest .connfail.yml, or pyproject.toml with a [tool.connfail] table, from `start` up.

    A pyproject.toml that cannot be parsed is an error when it mentions connfail (it may hold
    the settings); one that does not is passed over, as it cannot hold them: a broken
    pyproject.toml of another tool in a parent folder must not break every run below it.
    """
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def load_config(path: Path | None = None, *, search_from: Path | None = None) -> Config:
    """Read `path`, or the nearest config file from `search_from`; defaults when there is none."""
    if path is None and search_from is not None:
        path = find_config(search_from)
    if path is None:
        return Config()
    raw = _read(path)
    found = problems("config", raw)
    if found:
        raise ConfigError(str(path), found[0])
    return from_mapping(raw, source=str(path))


def from_mapping(raw: dict[str, Any], source: str | None = None) -> Config:
    """Build a Config from an already validated mapping; an absent key keeps the dataclass's
    default, the one place defaults are declared."""
    default, lint_default = Config(), LintSettings()
    thresholds = raw.get("thresholds", {})
    architecture = raw.get("architecture", default.architecture)
    network = raw.get("network", {})
    lint = raw.get("lint", {})
    return Config(
        fail_on=FailOn(raw.get("fail-on", default.fail_on)),
        high_above=thresholds.get("high", default.high_above),
        elevated_at=thresholds.get("elevated", default.elevated_at),
        ignore_hosts=tuple(raw.get("ignore-hosts", default.ignore_hosts)),
        architecture=architecture,
        price_per_gb_second=raw.get("price-per-gb-second", PRICE_PER_GB_SECOND[architecture]),
        max_inflated_bytes=raw.get("max-inflated-bytes", default.max_inflated_bytes),
        max_message_bytes=raw.get("max-message-bytes", default.max_message_bytes),
        max_listed_invocations=raw.get("max-listed-invocations", default.max_listed_invocations),
        max_listed_sources=raw.get("max-listed-sources", default.max_listed_sources),
        vpc=network.get("vpc", default.vpc),
        log_group=raw.get("log-group", default.log_group),
        streams={
            name: StreamNetwork(v.get("subnet"), v.get("availability-zone"))
            for name, v in network.get("streams", {}).items()
        },
        lint=LintSettings(
            max_connect_timeout=float(lint.get("max-connect-timeout", lint_default.max_connect_timeout)),
            select=tuple(lint.get("select", lint_default.select)),
            ignore=tuple(lint.get("ignore", lint_default.ignore)),
            exclude=tuple(lint.get("exclude", lint_default.exclude)),
            vendored=tuple(lint.get("vendored", lint_default.vendored)),
            tests=tuple(lint.get("tests", lint_default.tests)),
        ),
        source=source,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not valid UTF-8") from None
    with reading(str(path)):
        if path.name == "pyproject.toml":
            data: Any = _toml(text, path)
            data = data.get("tool", {}).get("connfail", {}) if isinstance(data.get("tool"), dict) else {}
        else:
            data = _yaml(text, path)
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ConfigError(str(path), f"expected a mapping of settings, found {type(data).__name__}")
        _check_size(data, path)
    return data


def _toml(text: str, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs read no TOML at all
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {str(exc).splitlines()[0]}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(str(path), f"values nested more than {MAX_DEPTH} levels deep") from None


class _TooDeep(Exception):
    pass


@cache
def _loader_class() -> type[Any]:
    """safe_load with a nesting bound (PyYAML's composer recurses once per level); PyYAML is
    imported only when a YAML file is read, not on every run."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _TooDeep
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return BoundedLoader


def _yaml(text: str, path: Path) -> Any:
    import yaml

    loader = _loader_class()(text)
    try:
        return loader.get_single_data()
    except _TooDeep:
        raise ConfigError(str(path), f"values nested more than {MAX_DEPTH} levels deep") from None
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"not valid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()


def _check_size(data: dict[str, Any], path: Path) -> None:
    """Refuse what no configuration needs before the schema walks it: values nested deeper than
    MAX_DEPTH, or more than MAX_VALUES once YAML aliases are expanded (a "billion laughs")."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise ConfigError(
                str(path),
                f"more than {MAX_VALUES:,} values (with YAML aliases "
                "expanded): no configuration needs that many",
            )
        if depth > MAX_DEPTH:
            raise ConfigError(str(path), f"values nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack += ((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack += ((item, depth + 1) for item in value)


def _has_tool_table(pyproject: Path) -> bool:
    """Whether it holds [tool.connfail]; unparsable and mentioning connfail is an error (see find_config)."""
    try:
        raw = pyproject.read_bytes()
    except OSError as exc:
        raise ConfigError(str(pyproject), f"cannot read: {exc.strerror}") from None
    try:
        tool = _toml(raw.decode("utf-8"), pyproject).get("tool", {})
    except (UnicodeDecodeError, ConfigError) as exc:
        if b"connfail" not in raw:
            return False
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(str(pyproject), "not valid UTF-8") from None
    return isinstance(tool, dict) and "connfail" in tool
