"""The network part of the JSON report: every key, in the contract's order, nulls where empty."""

from __future__ import annotations

from checker.network.attribution import Attribution, SubnetCount
from checker.network.evaluate import Destination, FindingNetwork, NetworkEvidence
from checker.network.path import Target, Verdict, Walk
from checker.network.report import evidence_dict, finding_network
from checker.shape import to_builtins
from tests.network import builder

ALLOW = f"UserIdGroupPairs=[{{GroupId={builder.SG_DB}}}]"
SG = Verdict(
    "SG_EGRESS_BLOCKS",
    {
        "group": builder.SG_FN,
        "group_name": "orders-lambda",
        "port": "5432",
        "target": "10.0.3.47",
        "allow": ALLOW,
    },
    (builder.SUB_A, builder.SUB_B),
)
SG_TITLE = (
    f"Security group {builder.SG_FN} (orders-lambda) of the function allows no TCP 5432 egress to "
    "10.0.3.47: the SYN never leaves the function's ENI."
)
SG_FIX = builder.CASES["SG_EGRESS_BLOCKS"].fix
SG_JSON = {
    "code": "SG_EGRESS_BLOCKS",
    "kind": "blocks",
    "title": SG_TITLE,
    "subnets": [builder.SUB_A, builder.SUB_B],
    "evidence": dict(SG.evidence),
    "ids": [builder.SG_FN],  # the allow value is not split into words
    "fix": SG_FIX,
}


def test_a_destination_with_its_target_and_flow_logs() -> None:
    target = Target("10.0.3.47", 5432, "database", None, (builder.SUB_A,), (builder.SG_DB,), "orders-db")
    flow = Attribution("flow-logs", (SubnetCount(builder.SUB_B, "us-east-1b", "use1-az2", 42, 0, 0, 0),), 42)
    walks = (Walk(builder.SUB_A, (SG,)), Walk(builder.SUB_B, (SG,)))
    dest = Destination("10.0.3.47", 5432, "ETIMEDOUT", 28, target, walks, (SG,), SG, "a prediction", flow)
    network = FindingNetwork("orders-api", (builder.SUB_A, builder.SUB_B), (dest,), "")
    explained = {**SG_JSON, "explains_category": True}  # a silent drop is a timeout
    assert to_builtins(finding_network(network)) == {
        "function_configuration": "orders-api",
        "subnets": [builder.SUB_A, builder.SUB_B],
        "lead": None,
        "note": None,
        "destinations": [
            {
                "host": "10.0.3.47",
                "port": 5432,
                "category": "ETIMEDOUT",
                "invocations": 28,
                "resolved": {
                    "kind": "database",
                    "resource": "orders-db",
                    "subnets": [builder.SUB_A],
                    "security_groups": [builder.SG_DB],
                    "aws_service": None,
                },
                "cause": explained,
                "verdicts": [explained],
                "walks": [
                    {"subnet": builder.SUB_A, "codes": ["SG_EGRESS_BLOCKS"]},
                    {"subnet": builder.SUB_B, "codes": ["SG_EGRESS_BLOCKS"]},
                ],
                "prediction": "a prediction",
                "flow_logs": {
                    "records": 42,
                    "rejected": 42,
                    "subnets": [
                        {
                            "subnet": builder.SUB_B,
                            "availability_zone": "us-east-1b",
                            "availability_zone_id": "use1-az2",
                            "rejected_out": 42,
                            "rejected_return": 0,
                            "rejected_at_destination": 0,
                            "accepted": 0,
                        }
                    ],
                },
                "note": None,
            }
        ],
    }


def test_an_unresolved_destination_and_a_verdict_of_another_category() -> None:
    refused = Destination(
        "api.partner.example", None, "ECONNREFUSED", 1, None, (), (SG,), SG, note="not resolved"
    )
    (dest,) = to_builtins(finding_network(FindingNetwork(None, (), (refused,), "Lead.", "why")))[
        "destinations"
    ]
    assert (dest["resolved"], dest["flow_logs"], dest["walks"], dest["note"]) == (
        None,
        None,
        [],
        "not resolved",
    )
    assert dest["cause"] == {**SG_JSON, "explains_category": False}  # a drop does not refuse


def test_the_evidence_folder_object() -> None:
    evidence = NetworkEvidence(
        "evidence",
        "us-east-1",
        ("describe-network-acls",),
        (("flowlogs/a.json", "custom (manifest)", 48, {"no-data": 2, "bad-field": 1}),),
        True,
        (
            ("network/describe-network-acls.json", "denied", "UnauthorizedOperation"),
            ("network/x.json", "failed", ""),
        ),
    )
    assert to_builtins(evidence_dict(evidence)) == {
        "folder": "evidence",
        "region": "us-east-1",
        "missing": ["describe-network-acls"],
        "denied": [
            {
                "file": "network/describe-network-acls.json",
                "status": "denied",
                "error": "UnauthorizedOperation",
            },
            {"file": "network/x.json", "status": "failed", "error": None},
        ],
        "flow_logs": [
            {
                "path": "flowlogs/a.json",
                "format": "custom (manifest)",
                "records": 48,
                "skipped": 3,
                "skipped_reasons": {"no-data": 2, "bad-field": 1},
            }
        ],
    }
    without = NetworkEvidence("evidence", None, (), (), False)
    assert to_builtins(evidence_dict(without)) == {
        "folder": "evidence",
        "region": None,
        "missing": [],
        "denied": [],
        "flow_logs": None,
    }
