"""manifest.json of an evidence folder: what was collected, when, with which calls, what was
denied (schemas/evidence-manifest.schema.json; the folder's contract is in docs/collect.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker import __version__
from checker.ingest.timestamps import iso

VERSION = 1


@dataclass
class Manifest:
    region: str
    start_ms: int
    end_ms: int
    created_ms: int
    logs_mode: str = "filter-log-events"
    insights_query: str | None = None
    insights_queries: int = 0
    functions: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    flowlogs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def record(
        self, service: str, operation: str, file: str | None, status: str, error: str | None = None
    ) -> None:
        entry: dict[str, Any] = {"service": service, "operation": operation, "file": file, "status": status}
        if error is not None:
            entry["error"] = error
        self.calls.append(entry)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "tool": f"connfail {__version__}",
            "created": second_z(self.created_ms),
            "region": self.region,
            "window": {"start": second_z(self.start_ms), "end": second_z(self.end_ms)},
            "logs_mode": self.logs_mode,
            "insights_query": self.insights_query,
            "insights_queries": self.insights_queries,
            "functions": self.functions,
            "calls": self.calls,
            "flowlogs": self.flowlogs,
            "notes": self.notes,
        }


def second_z(millis: int) -> str:
    """Second precision, as EVIDENCE.md writes it: `2026-12-01T20:00:00Z`."""
    return iso(millis)[:19] + "Z"
