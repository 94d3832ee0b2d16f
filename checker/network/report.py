"""The JSON form of the network part of a report (schemas/report.schema.json `network`).

Declared as `Shape`s, the way checker/report.py declares the rest of the report: the keys in
the contract's order, naming only what does not come from an attribute of the same name.
Flow-log counts per subnet (`SubnetCount`) are encoded as they are: their fields are the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from checker.network.evaluate import Destination, FindingNetwork, NetworkEvidence
from checker.network.path import Verdict
from checker.shape import Shape


def _or_none(text: str) -> str | None:
    """An empty text is written as null."""
    return text or None


@dataclass(frozen=True)
class _Judged:
    """A verdict on the path of a failure of `category`: whether it explains that failure."""

    verdict: Verdict
    category: str

    @property
    def explains_category(self) -> bool:
        return self.verdict.agrees(self.category)


VERDICT = Shape(
    "code kind title subnets evidence ids fix explains_category",
    read={key: f"verdict.{key}" for key in ("code", "kind", "title", "subnets", "evidence", "ids", "fix")},
    convert={"fix": _or_none},
)
TARGET = Shape(
    "kind resource subnets security_groups aws_service",
    read={"subnets": "subnet_ids", "security_groups": "group_ids"},
    convert={"resource": _or_none},
)
WALK = Shape("subnet codes", read={"codes": lambda w: [v.code for v in w.verdicts]})
FLOWS = Shape("records rejected subnets")


def _cause(d: Destination) -> _Judged:
    return _Judged(d.cause, d.category)


def _verdicts(d: Destination) -> list[_Judged]:
    return [_Judged(v, d.category) for v in d.verdicts]


DESTINATION = Shape(
    "host port category invocations resolved cause verdicts walks prediction flow_logs note",
    read={"resolved": "target", "cause": _cause, "verdicts": _verdicts, "flow_logs": "flow"},
    nested={"resolved": TARGET, "cause": VERDICT, "verdicts": VERDICT, "walks": WALK, "flow_logs": FLOWS},
)
FINDING_NETWORK = Shape(
    "function_configuration subnets lead note destinations",
    read={"function_configuration": "function"},
    convert={"lead": _or_none},
    nested={"destinations": DESTINATION},
)

# NetworkEvidence keeps the manifest's failed calls and the flow-log files as tuples.
DENIED = Shape(
    "file status error",
    read={"file": itemgetter(0), "status": itemgetter(1), "error": lambda call: call[2] or None},
)
FLOW_FILE = Shape(
    "path format records skipped skipped_reasons",
    read={
        "path": itemgetter(0),
        "format": itemgetter(1),
        "records": itemgetter(2),
        "skipped": lambda file: sum(file[3].values()),
        "skipped_reasons": itemgetter(3),
    },
)
EVIDENCE = Shape(
    "folder region missing denied flow_logs",
    read={"flow_logs": lambda n: n.flow_files if n.flow_logs else None},
    nested={"denied": DENIED, "flow_logs": FLOW_FILE},
)


def finding_network(n: FindingNetwork) -> dict[str, Any]:
    """A finding's `network` object (model values: checker.shape.to_builtins makes it JSON)."""
    return FINDING_NETWORK.encode(n)


def evidence_dict(n: NetworkEvidence) -> dict[str, Any]:
    """The report's top-level `network` object (model values, likewise)."""
    return EVIDENCE.encode(n)
