"""`connfail collect`: write one evidence folder (docs/collect.md) for functions and a window.

Read-only: every call is in checker.collect.calls. A refused or failed call is a line in the
manifest and on stderr, never the end of the run: the evaluator says what it could not decide.
Which destinations failed comes from connfail's own analysis of the logs just collected.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.collect import flowlogs
from checker.collect.aws import Aws, AwsError
from checker.collect.calls import Call, call
from checker.collect.logs import (
    AUTO_INSIGHTS_MS,
    INSIGHTS_LIMIT,
    GroupEvents,
    InsightsRun,
    filter_log_events,
    insights_query,
    run_insights,
)
from checker.collect.manifest import Manifest, second_z
from checker.errors import InputError, one_line
from checker.ingest.timestamps import parse_timestamp
from checker.redact import public_in_place
from checker.sink import say, write_file

_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SINCE = re.compile(r"(\d+)\s*([smhd])")
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
MAX_WINDOW_MS = 90 * 86_400_000  # a longer window is a typo, not a debugging session
RDS_SUFFIXES = (".rds.amazonaws.com", ".rds.amazonaws.com.cn")
MAX_FILTER_VALUES = 200  # EC2 takes at most 200 values in one filter


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--function",
        action="append",
        required=True,
        metavar="NAME",
        help="a Lambda function name (repeat for several)",
    )
    parser.add_argument("--since", metavar="AGE", help="the window: the last 30m, 2h, 1d ...")
    parser.add_argument("--start", metavar="TIME", help="window start, ISO 8601 (UTC unless a zone)")
    parser.add_argument("--end", metavar="TIME", help="window end, ISO 8601 (default: now)")
    parser.add_argument(
        "--region", metavar="REGION", help="AWS region (default: AWS_REGION or the profile's)"
    )
    parser.add_argument("--profile", metavar="PROFILE", help="AWS profile (default: AWS_PROFILE)")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="the evidence folder to write (new or empty)"
    )
    parser.add_argument(
        "--insights",
        action="store_true",
        help="scan the logs with one Logs Insights query (automatic above 24 h)",
    )


def run(args: argparse.Namespace) -> int:
    now = int(time.time() * 1000)
    start_ms, end_ms = window(args.since, args.start, args.end, now)
    out = _out_dir(Path(args.out))
    names = [_function_name(n) for n in dict.fromkeys(args.function)]
    aws = Aws(region=args.region, profile=args.profile)
    insights = args.insights or end_ms - start_ms > AUTO_INSIGHTS_MS
    collector = Collector(aws, out, Manifest(aws.region or "", start_ms, end_ms, now))
    collector.collect(names, insights)
    return 0


def _function_name(name: str) -> str:
    """A function's name names its files: an ARN or a path is refused, with the reason."""
    if not _NAME.fullmatch(name):
        raise InputError(
            f"--function {name}",
            "is not a Lambda function name (letters, digits, "
            "- and _, at most 64): give the name, not the ARN",
        )
    return name


def window(since: str | None, start: str | None, end: str | None, now: int) -> tuple[int, int]:
    """[start, end] in milliseconds from --since, or from --start/--end."""
    if since and (start or end):
        raise InputError("--since", "give either --since or --start/--end, not both")
    if since:
        match = _SINCE.fullmatch(since.strip())
        if match is None:
            raise InputError("--since", f"{since!r} is not an age such as 30m, 2h or 1d")
        begin, finish = now - int(match.group(1)) * _UNIT_MS[match.group(2)], now
    elif start:
        begin = _time("--start", start)
        finish = _time("--end", end) if end else now
    else:
        raise InputError("collect", "give the window: --since 2h, or --start (and --end)")
    if finish <= begin:
        raise InputError("--end", "the window ends before it starts")
    if finish - begin > MAX_WINDOW_MS:
        raise InputError("--since" if since else "--start", "the window is longer than 90 days")
    return begin, finish


def _time(flag: str, text: str) -> int:
    millis = parse_timestamp(text)
    if millis is None:
        raise InputError(flag, f"{text!r} is not an ISO 8601 time such as 2026-12-01T20:00:00Z")
    return millis


def _out_dir(path: Path) -> Path:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InputError(str(path), "exists and is not an empty folder: choose a new --out")
    return path


def group_file(prefix: str, log_group: str) -> str:
    """`logs/~aws~lambda~orders-api.json`: the group's name with every `/` as `~`."""
    return f"{prefix}/{log_group.replace('/', '~')}.json"


@dataclass
class FunctionState:
    name: str
    log_group: str
    configuration: dict[str, Any] | None = None
    config_file: str | None = None
    logs_file: str | None = None
    events: int = 0
    truncated: bool = False
    destinations: list[dict[str, Any]] = field(default_factory=list)
    first_failure: int | None = None
    last_failure: int | None = None


@dataclass
class Collector:
    aws: Aws
    out: Path
    manifest: Manifest
    written: int = 0

    # ------------------------------------------------------------------ plumbing

    def save(self, rel: str, document: Any) -> None:
        """Every file of the folder: secrets redacted value by value, then written (checker.sink)."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_file(
                path, json.dumps(public_in_place(document), indent=2, ensure_ascii=False) + "\n", "json"
            )
        except OSError as exc:
            raise InputError(str(path), f"cannot write: {exc.strerror}") from None
        self.written += 1

    def fetch(self, spec: Call, file: str | None, **params: Any) -> dict[str, Any] | None:
        """Run one call; write its output to `file`; record it. None when it failed."""
        try:
            result = self.aws.run(spec, **params)
        except AwsError as exc:
            self.failed(spec, file, exc)
            return None
        if file is not None:
            self.save(file, result)
        self.manifest.record(spec.service, spec.operation, file, "ok")
        return result

    def failed(self, spec: Call, file: str | None, exc: AwsError) -> None:
        self.manifest.record(spec.service, spec.operation, file, exc.status, exc.line)
        lost = f": {file} not written" if file else ""
        say(f"connfail: collect: {spec.service} {spec.operation} {exc.status} ({exc.line}){lost}")

    def note(self, line: str) -> None:
        self.manifest.notes.append(one_line(line))
        say(f"connfail: collect: {line}")

    # ------------------------------------------------------------------ the run

    def collect(self, names: list[str], insights: bool) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        functions = [self.function(name) for name in names]
        self.logs(functions, insights)
        for fn in functions:
            self.analyze(fn)
        self.network(functions)
        self.manifest.functions = [self.function_entry(fn) for fn in functions]
        self.save("manifest.json", self.manifest.to_dict())
        counts = {s: sum(c["status"] == s for c in self.manifest.calls) for s in ("ok", "denied", "error")}
        say(
            f"connfail: collect: wrote {self.written} files to {self.out} ({len(self.manifest.calls)} "
            f"calls: {counts['ok']} ok, {counts['denied']} denied, {counts['error']} failed)"
        )

    def function(self, name: str) -> FunctionState:
        file = f"network/get-function-configuration.{name}.json"
        got = self.fetch(call("lambda", "get-function-configuration"), file, FunctionName=name)
        group = f"/aws/lambda/{name}"
        if got is not None:
            group = str((got.get("LoggingConfig") or {}).get("LogGroup") or group)
        return FunctionState(name, group, got, file if got is not None else None)

    def logs(self, functions: list[FunctionState], insights: bool) -> None:
        start, end = self.manifest.start_ms, self.manifest.end_ms
        groups = list(dict.fromkeys(fn.log_group for fn in functions))
        got: dict[str, GroupEvents] | None = None
        if insights:
            query = insights_query()
            say(f"connfail: collect: logs mode: insights, one Logs Insights query: {' '.join(query.split())}")
            run = InsightsRun(query)
            try:
                got = run_insights(self.aws, groups, start, end, run)
            except AwsError as exc:
                self.failed(call("logs", "start-query"), None, exc)
                self.note("Logs Insights failed: falling back to filter-log-events")
            else:
                self.manifest.record("logs", "StartQuery", None, "ok")
                self.manifest.record("logs", "GetQueryResults", None, "ok")
                self.manifest.logs_mode, self.manifest.insights_query = "insights", query
                self.manifest.insights_queries = run.queries
                if run.truncated:
                    self.note(
                        f"Logs Insights: a result still held {INSIGHTS_LIMIT:,} rows after "
                        f"{run.queries} queries: some lines are missing; use a shorter window"
                    )
                if run.unplaced:
                    self.note(
                        f"Logs Insights: {run.unplaced} rows without a known @log or @timestamp were left out"
                    )
        if got is None:
            say("connfail: collect: logs mode: filter-log-events")
            got = {}
            for group in groups:
                spec = call("logs", "filter-log-events")
                try:
                    got[group] = filter_log_events(self.aws, group, start, end)
                except AwsError as exc:
                    self.failed(spec, group_file("logs", group), exc)
                else:
                    self.manifest.record("logs", "FilterLogEvents", group_file("logs", group), "ok")
        saved: dict[str, GroupEvents] = {}
        for fn in functions:
            events = got.get(fn.log_group) or saved.get(fn.log_group)
            if events is None:
                continue
            fn.logs_file = group_file("logs", fn.log_group)
            fn.events, fn.truncated = len(events.events), events.truncated
            if fn.log_group in got:  # two functions may share a log group: one file
                saved[fn.log_group] = got.pop(fn.log_group)
                self.save(fn.logs_file, events.document())
                if events.truncated:
                    self.note(
                        f"{fn.log_group}: cut at {fn.events:,} events; use --insights or a shorter window"
                    )

    def analyze(self, fn: FunctionState) -> None:
        """The failing destinations, by connfail's own analysis of the logs just written."""
        if fn.logs_file is None or not fn.events:
            return
        from checker.analyze import analyze
        from checker.config import load_config

        config = replace(load_config(None, search_from=Path.cwd()), log_group=fn.log_group)
        try:
            report = analyze([str(self.out / fn.logs_file)], config)
        except InputError as exc:  # the folder is kept; only its failing destinations are unknown
            self.note(f"{fn.logs_file}: not analyzed ({exc.reason}): no failing destinations known")
            return
        for finding in report.findings:
            if finding.log_group not in (None, fn.log_group):
                continue
            for d in finding.destinations:
                fn.destinations.append(
                    {"category": d.category, "host": d.host, "port": d.port, "invocations": d.invocations}
                )
            if finding.first_seen is not None:
                fn.first_failure = min(filter(None, (fn.first_failure, finding.first_seen)))
            if finding.last_seen is not None:
                fn.last_failure = max(filter(None, (fn.last_failure, finding.last_seen)))

    def function_entry(self, fn: FunctionState) -> dict[str, Any]:
        return {
            "name": fn.name,
            "log_group": fn.log_group,
            "logs": fn.logs_file,
            "configuration": fn.config_file,
            "events": fn.events,
            "truncated": fn.truncated,
            "failing_destinations": fn.destinations,
            "first_failure": None if fn.first_failure is None else second_z(fn.first_failure),
            "last_failure": None if fn.last_failure is None else second_z(fn.last_failure),
        }

    # ------------------------------------------------------------------ network

    def network(self, functions: list[FunctionState]) -> None:
        subnet_ids = sorted(
            {
                s
                for fn in functions
                if fn.configuration
                for s in (fn.configuration.get("VpcConfig") or {}).get("SubnetIds") or []
            }
        )
        if not subnet_ids:
            self.note("no function is attached to a VPC subnet: no network/ evidence to collect")
            return
        # The VPC comes from the subnets, never from VpcConfig.VpcId (facts/network.md §0.2).
        found = self.fetch(call("ec2", "describe-subnets"), None, SubnetIds=subnet_ids)
        if found is None:
            return
        vpc_ids = sorted({s["VpcId"] for s in found.get("Subnets", [])})
        if not vpc_ids:
            self.note("the functions' subnets were not found: no network/ evidence to collect")
            return
        by_vpc = [{"Name": "vpc-id", "Values": vpc_ids}]
        c = call
        subnets = self.fetch(c("ec2", "describe-subnets"), c("ec2", "describe-subnets").file, Filters=by_vpc)
        vpcs = self.fetch(c("ec2", "describe-vpcs"), c("ec2", "describe-vpcs").file, VpcIds=vpc_ids)
        for vpc in vpc_ids:
            for attribute in ("enableDnsSupport", "enableDnsHostnames"):
                self.fetch(
                    c("ec2", "describe-vpc-attribute"),
                    f"network/describe-vpc-attribute.{vpc}.{attribute}.json",
                    VpcId=vpc,
                    Attribute=attribute,
                )
        routes = self.vpc_call("describe-route-tables", by_vpc)
        groups = self.vpc_call("describe-security-groups", by_vpc)
        group_ids = sorted({g["GroupId"] for g in (groups or {}).get("SecurityGroups", [])})
        rules = None
        if group_ids:
            rules = self.vpc_call(
                "describe-security-group-rules",
                [{"Name": "group-id", "Values": group_ids[:MAX_FILTER_VALUES]}],
            )
            if len(group_ids) > MAX_FILTER_VALUES:
                self.note(
                    f"describe-security-group-rules: only the first {MAX_FILTER_VALUES} of "
                    f"{len(group_ids)} security groups"
                )
        self.vpc_call("describe-network-acls", by_vpc)
        self.fetch(c("ec2", "describe-nat-gateways"), c("ec2", "describe-nat-gateways").file, Filter=by_vpc)
        self.vpc_call("describe-internet-gateways", [{"Name": "attachment.vpc-id", "Values": vpc_ids}])
        self.vpc_call("describe-vpc-endpoints", by_vpc)
        dhcp = sorted({v.get("DhcpOptionsId") for v in (vpcs or {}).get("Vpcs", [])} - {None, "default"})
        if dhcp:
            self.fetch(
                c("ec2", "describe-dhcp-options"), c("ec2", "describe-dhcp-options").file, DhcpOptionsIds=dhcp
            )
        enis = self.vpc_call("describe-network-interfaces", by_vpc)
        self.prefix_lists(routes, groups, rules)
        self.flow_log_descriptions(vpc_ids, subnets, enis, subnet_ids, functions)
        self.rds(functions, enis)

    def vpc_call(self, command: str, filters: list[dict[str, Any]]) -> dict[str, Any] | None:
        spec = call("ec2", command)
        return self.fetch(spec, spec.file, Filters=filters)

    def prefix_lists(
        self, routes: dict[str, Any] | None, groups: dict[str, Any] | None, rules: dict[str, Any] | None
    ) -> None:
        ids = {
            r.get("DestinationPrefixListId")
            for t in (routes or {}).get("RouteTables", [])
            for r in t.get("Routes", [])
        }
        for g in (groups or {}).get("SecurityGroups", []):
            for perm in g.get("IpPermissions", []) + g.get("IpPermissionsEgress", []):
                ids |= {p.get("PrefixListId") for p in perm.get("PrefixListIds", [])}
        ids |= {r.get("PrefixListId") for r in (rules or {}).get("SecurityGroupRules", [])}
        wanted = sorted(i for i in ids if i)
        if not wanted:
            return
        spec = call("ec2", "describe-managed-prefix-lists")
        self.fetch(spec, spec.file, Filters=[{"Name": "prefix-list-id", "Values": wanted}])
        for pl in wanted:
            self.fetch(
                call("ec2", "get-managed-prefix-list-entries"),
                f"network/get-managed-prefix-list-entries.{pl}.json",
                PrefixListId=pl,
            )

    def flow_log_descriptions(
        self,
        vpc_ids: list[str],
        subnets: dict[str, Any] | None,
        enis: dict[str, Any] | None,
        function_subnets: list[str],
        functions: list[FunctionState],
    ) -> None:
        resources = list(vpc_ids) + sorted(
            {s["SubnetId"] for s in (subnets or {}).get("Subnets", [])} | set(function_subnets)
        )
        resources += sorted(
            e["NetworkInterfaceId"]
            for e in (enis or {}).get("NetworkInterfaces", [])
            if e.get("SubnetId") in function_subnets
        )
        if len(resources) > MAX_FILTER_VALUES:
            self.note(
                f"describe-flow-logs: only the first {MAX_FILTER_VALUES} of {len(resources)} "
                "VPC, subnet and ENI ids"
            )
        spec = call("ec2", "describe-flow-logs")
        described = self.fetch(
            spec, spec.file, Filter=[{"Name": "resource-id", "Values": resources[:MAX_FILTER_VALUES]}]
        )
        if described is not None:
            self.flow_records(described, functions)

    def flow_records(self, described: dict[str, Any], functions: list[FunctionState]) -> None:
        wanted = flowlogs.targets(
            [(d["category"], d["host"], d["port"]) for fn in functions for d in fn.destinations]
        )
        flows = flowlogs.cloudwatch_flow_logs(described)
        if not flows:
            if described.get("FlowLogs"):
                self.note("the VPC's flow logs do not deliver to CloudWatch Logs: no flowlogs/ collected")
            return
        starts = [fn.first_failure for fn in functions if fn.first_failure is not None]
        ends = [fn.last_failure for fn in functions if fn.last_failure is not None]
        if not wanted or not starts or not ends:
            self.note("no failing destination a flow record can show: no flowlogs/ collected")
            return
        fetched: dict[str, tuple[str | None, int, int, bool]] = {}
        for flow in flows:
            if flow.log_group not in fetched:
                file: str | None = group_file("flowlogs", flow.log_group)
                try:
                    got, unreadable = flowlogs.fetch(self.aws, flow, wanted, min(starts), max(ends))
                except AwsError as exc:
                    self.failed(call("logs", "filter-log-events"), file, exc)
                    file, records, unreadable, cut = None, 0, 0, False
                else:
                    self.manifest.record("logs", "FilterLogEvents", file, "ok")
                    self.save(str(file), got.document())
                    records, cut = len(got.events), got.truncated
                fetched[flow.log_group] = (file, records, unreadable, cut)
            file, records, unreadable, cut = fetched[flow.log_group]
            self.manifest.flowlogs.append(
                {
                    "file": file,
                    "log_group": flow.log_group,
                    "flow_log_id": flow.flow_log_id,
                    "format": flow.format,
                    "records": records,
                    "unreadable_records": unreadable,
                    "truncated": cut,
                }
            )
            if unreadable:
                width = len(flowlogs.format_fields(flow.format))
                self.note(
                    f"{flow.log_group}: left out {unreadable} record(s) without the {width} "
                    f"fields of flow log {flow.flow_log_id}'s format"
                )

    def rds(self, functions: list[FunctionState], enis: dict[str, Any] | None) -> None:
        """RDS is described only when a failing destination is an RDS endpoint or an RDS ENI's IP."""
        rds_ips = {
            a.get("PrivateIpAddress")
            for e in (enis or {}).get("NetworkInterfaces", [])
            if e.get("RequesterId") == "amazon-rds" or e.get("Description") == "RDSNetworkInterface"
            for a in e.get("PrivateIpAddresses", [])
        }
        hosts = {str(d["host"]).lower().rstrip(".") for fn in functions for d in fn.destinations if d["host"]}
        if not any(h.endswith(RDS_SUFFIXES) or h in rds_ips for h in hosts):
            return
        for command in ("describe-db-instances", "describe-db-clusters", "describe-db-proxies"):
            spec = call("rds", command)
            self.fetch(spec, spec.file)
