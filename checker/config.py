"""Settings from [tool.connfail] in pyproject.toml or .connfail.yml, checked against the schema."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import ConfigError
from checker.schema import problems

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# First-tier Lambda prices per GB-second (USD), by architecture.
PRICE_PER_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
DEFAULT_MAX_INFLATED_BYTES = 2 * 1024**3
DEFAULT_MAX_LISTED_INVOCATIONS = 1000  # per finding in the JSON report; the rest are counted
CONFIG_FILES = (".connfail.yml", ".connfail.yaml", "pyproject.toml")


@dataclass(frozen=True)
class StreamNetwork:
    subnet: str | None = None
    availability_zone: str | None = None


@dataclass(frozen=True)
class LintSettings:
    max_connect_timeout: float = 5.0
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    fail_on: str = "high"
    high_above: int = 5  # HIGH when failing invocations > high_above
    elevated_at: int = 1  # ELEVATED when failing invocations >= elevated_at
    ignore_hosts: tuple[str, ...] = ()
    architecture: str = "x86_64"
    price_per_gb_second: float = PRICE_PER_GB_SECOND["x86_64"]
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES
    max_listed_invocations: int = DEFAULT_MAX_LISTED_INVOCATIONS
    vpc: bool | None = None
    log_group: str | None = None  # for exports that do not name their log group
    streams: dict[str, StreamNetwork] = field(default_factory=dict)
    lint: LintSettings = LintSettings()
    source: str | None = None  # the file these settings came from


def find_config(start: Path) -> Path | None:
    """The nearest .connfail.yml, or pyproject.toml with a [tool.connfail] table, from `start` up."""
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
    """Build a Config from an already validated mapping."""
    thresholds = raw.get("thresholds", {})
    architecture = raw.get("architecture", "x86_64")
    network = raw.get("network", {})
    lint = raw.get("lint", {})
    return Config(
        fail_on=raw.get("fail-on", "high"),
        high_above=thresholds.get("high", 5),
        elevated_at=thresholds.get("elevated", 1),
        ignore_hosts=tuple(raw.get("ignore-hosts", ())),
        architecture=architecture,
        price_per_gb_second=raw.get("price-per-gb-second", PRICE_PER_GB_SECOND[architecture]),
        max_inflated_bytes=raw.get("max-inflated-bytes", DEFAULT_MAX_INFLATED_BYTES),
        max_listed_invocations=raw.get("max-listed-invocations", DEFAULT_MAX_LISTED_INVOCATIONS),
        vpc=network.get("vpc"),
        log_group=raw.get("log-group"),
        streams={
            name: StreamNetwork(v.get("subnet"), v.get("availability-zone"))
            for name, v in network.get("streams", {}).items()
        },
        lint=LintSettings(
            max_connect_timeout=float(lint.get("max-connect-timeout", 5.0)),
            select=tuple(lint.get("select", ())),
            ignore=tuple(lint.get("ignore", ())),
            exclude=tuple(lint.get("exclude", ())),
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
    try:
        if path.name == "pyproject.toml":
            data: Any = tomllib.loads(text).get("tool", {}).get("connfail", {})
        else:
            data = yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0]
        raise ConfigError(str(path), f"not valid {_kind(path)}: {reason}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), f"expected a mapping of settings, found {type(data).__name__}")
    return data


def _kind(path: Path) -> str:
    return "TOML" if path.suffix == ".toml" else "YAML"


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "connfail" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
