"""The JSON form of the network part of a report (schemas/report.schema.json `network`)."""

from __future__ import annotations

from typing import Any

from checker.network.evaluate import Destination, FindingNetwork, NetworkEvidence
from checker.network.path import Verdict


def verdict_dict(v: Verdict, category: str) -> dict[str, Any]:
    return {
        "code": v.code,
        "kind": v.kind.value,
        "title": v.title,
        "subnets": list(v.subnets),
        "evidence": dict(v.evidence),
        "ids": list(v.ids),
        "fix": v.fix or None,
        "explains_category": v.agrees(category),
    }


def _destination(d: Destination) -> dict[str, Any]:
    t = d.target
    flow = d.flow
    return {
        "host": d.host,
        "port": d.port,
        "category": d.category,
        "invocations": d.invocations,
        "resolved": None
        if t is None
        else {
            "kind": t.kind,
            "resource": t.resource or None,
            "subnets": list(t.subnet_ids),
            "security_groups": None if t.group_ids is None else list(t.group_ids),
            "aws_service": t.aws_service,
        },
        "cause": verdict_dict(d.cause, d.category),
        "verdicts": [verdict_dict(v, d.category) for v in d.verdicts],
        "walks": [{"subnet": w.subnet, "codes": [v.code for v in w.verdicts]} for w in d.walks],
        "prediction": d.prediction,
        "flow_logs": None
        if flow is None
        else {
            "records": flow.records,
            "rejected": flow.rejected,
            "subnets": [
                {
                    "subnet": s.subnet,
                    "availability_zone": s.availability_zone,
                    "availability_zone_id": s.availability_zone_id,
                    "rejected_out": s.rejected_out,
                    "rejected_return": s.rejected_return,
                    "rejected_at_destination": s.rejected_at_destination,
                    "accepted": s.accepted,
                }
                for s in flow.subnets
            ],
        },
        "note": d.note,
    }


def finding_network(n: FindingNetwork) -> dict[str, Any]:
    return {
        "function_configuration": n.function,
        "subnets": list(n.subnets),
        "lead": n.lead or None,
        "note": n.note,
        "destinations": [_destination(d) for d in n.destinations],
    }


def evidence_dict(n: NetworkEvidence) -> dict[str, Any]:
    return {
        "folder": n.folder,
        "region": n.region,
        "missing": list(n.missing),
        "denied": [{"file": f, "status": s, "error": e or None} for f, s, e in n.denied],
        "flow_logs": [
            {"path": p, "format": f, "records": r, "skipped": sum(s.values()), "skipped_reasons": s}
            for p, f, r, s in n.flow_files
        ]
        if n.flow_logs
        else None,
    }
