"""The secrets corpus (tests/data/security/secrets.yaml) as an export, and what leaked where."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import read_yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "security"
T0 = 1795168933136  # 2026-11-20T10:02:13.136Z


@dataclass(frozen=True)
class Case:
    index: int
    cls: str
    runtime: str
    line: str
    secrets: tuple[str, ...]
    keep: tuple[str, ...]

    @property
    def request_id(self) -> str:
        return f"{self.index:08x}-5ec2-4e7a-9b1c-0123456789ab"

    @property
    def stream(self) -> str:
        return f"2026/11/20/[$LATEST]{self.index:032x}"

    @property
    def function(self) -> str:
        return f"case-{self.index:02d}-{self.cls}"


def cases() -> list[Case]:
    rows = read_yaml(DATA / "secrets.yaml")
    return [
        Case(i + 1, r["class"], r["runtime"], r["line"], tuple(r["secret"]), tuple(r["keep"]))
        for i, r in enumerate(rows)
    ]


def export(case: Case) -> dict[str, Any]:
    """A decoded subscription-filter payload: the case is one invocation of a function of its
    own, so every face shows it as a finding of its own (its primary error)."""
    t = T0 + case.index * 60_000
    rid = case.request_id
    messages = (
        f"START RequestId: {rid} Version: $LATEST\n",
        case.line,
        f"END RequestId: {rid}\n",
        f"REPORT RequestId: {rid}\tDuration: 3003.12 ms\tBilled Duration: 3004 ms\t"
        "Memory Size: 512 MB\tMax Memory Used: 88 MB\t\n",
    )
    return {
        "messageType": "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": f"/aws/lambda/{case.function}",
        "logStream": case.stream,
        "subscriptionFilters": ["ship-to-siem"],
        "logEvents": [
            {"id": f"{case.index:028d}{offset:028d}", "timestamp": t + offset * 1000, "message": message}
            for offset, message in enumerate(messages)
        ],
    }


def write_exports(folder: Path, items: list[Case]) -> Path:
    """One file per case in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in items:
        (folder / f"{case.function}.json").write_text(json.dumps(export(case)), encoding="utf-8")
    return folder


def leaks(items: list[Case], faces: dict[str, str]) -> dict[str, list[str]]:
    """Face -> classes with a secret in that face's text (sorted, each class once)."""
    return {
        face: sorted({c.cls for c in items if any(s in text for s in c.secrets)})
        for face, text in faces.items()
    }
