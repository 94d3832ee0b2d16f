"""The Action's inputs and outputs, declared once: action.yml and the README are tested on it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from checker.errors import ConfigError
from checker.vocab import FailOn


@dataclass(frozen=True)
class InputSpec:
    name: str
    default: str  # what action.yml declares; "" means "not set"
    choices: tuple[str, ...] = ()


INPUTS = (
    InputSpec("exports", ""),
    InputSpec("artifact", ""),
    InputSpec("run-id", ""),
    InputSpec("github-token", "${{ github.token }}"),
    # The contract (design §7) fixes the default at high, so a config file's fail-on does not
    # reach the Action unless this input is set empty.
    InputSpec("fail-on", FailOn.HIGH.value, FailOn.values()),
    InputSpec("comment", "auto", ("auto", "always", "off")),
    InputSpec("check-name", "connfail"),
    InputSpec("lint", ""),
    InputSpec("config", ""),
    InputSpec("log-group", ""),
    InputSpec("report-artifact", ""),
    InputSpec("evidence", ""),
)
OUTPUTS = ("severity", "failed-invocations", "report", "comment-url", "check-run-url")

# A check name goes inside an HTML comment marker and a check run title: keep it one plain line.
_CHECK_NAME = re.compile(r"[^\r\n<>]{1,100}")
_TOKEN = re.compile(r"[\x21-\x7e]*")


@dataclass(frozen=True)
class Inputs:
    exports: tuple[str, ...]
    artifact: str
    run_id: int | None
    token: str
    fail_on: FailOn | None  # None: the config file decides
    comment: str
    check_name: str
    lint: tuple[str, ...]
    config: str
    log_group: str = ""  # names the function of exports that carry no log group
    report_artifact: str = ""  # the artifact a later step uploads the JSON report as
    evidence: str = ""  # an evidence folder (`connfail collect`) in the workspace


def env_name(name: str) -> str:
    """The variable the runner sets for an input: upper case, hyphens kept."""
    return "INPUT_" + name.replace(" ", "_").upper()


def split_list(value: str) -> tuple[str, ...]:
    """Split a newline- or comma-separated input into trimmed, non-empty items."""
    return tuple(item.strip() for item in re.split(r"[\n,]", value) if item.strip())


def read_inputs(env: Mapping[str, str]) -> Inputs:
    """Read and check every INPUT_* variable; a bad value raises ConfigError naming the input."""
    # Some shells (dash) drop variables whose names hold a hyphen: accept INPUT_FAIL_ON too.
    given = {
        spec.name: env.get(env_name(spec.name), env.get(env_name(spec.name).replace("-", "_")))
        for spec in INPUTS
    }
    raw = {name: (value or "").strip() for name, value in given.items()}
    # fail-on set but empty hands the choice to the config file; unset means the default.
    config_decides = given["fail-on"] is not None and not raw["fail-on"]
    for spec in INPUTS:
        value = raw[spec.name] or ("" if spec.default.startswith("${{") else spec.default)
        if spec.choices and value and value.lower() not in spec.choices:
            allowed = ", ".join(spec.choices)
            raise ConfigError(f"input {spec.name}", f"{value!r} is not one of {allowed}")
        raw[spec.name] = value.lower() if spec.choices else value
    run_id = raw["run-id"]
    if run_id and not re.fullmatch(r"[0-9]{1,20}", run_id):  # str.isdigit() takes "²" too
        raise ConfigError("input run-id", f"{run_id!r} is not a workflow run id (digits only)")
    check_name = raw["check-name"]
    if not _CHECK_NAME.fullmatch(check_name):
        raise ConfigError("input check-name", "use one line of at most 100 characters without < or >")
    token = raw["github-token"] or env.get("GITHUB_TOKEN", "")
    if not _TOKEN.fullmatch(token):  # it goes in an HTTP header: one printable word
        # (not "input github-token: ...": redaction takes a word after "token:" for a secret)
        raise ConfigError(
            "the github-token input", "holds spaces, newlines or control characters: pass the token alone"
        )
    return Inputs(
        exports=split_list(raw["exports"]),
        artifact=raw["artifact"],
        run_id=int(run_id) if run_id else None,
        token=token,
        fail_on=None if config_decides else FailOn(raw["fail-on"]),
        comment=raw["comment"],
        check_name=check_name,
        lint=split_list(raw["lint"]),
        config=raw["config"],
        log_group=raw["log-group"],
        report_artifact=_artifact_name(raw["report-artifact"]),
        evidence=raw["evidence"],
    )


def _artifact_name(name: str) -> str:
    """An artifact name shown in the comment: one plain line (upload-artifact forbids more)."""
    if name and not re.fullmatch(r"[^\r\n<>:\"|*?\\/]{1,100}", name):
        raise ConfigError("input report-artifact", 'use an artifact name: one line, no < > : " | * ? \\ /')
    return name
