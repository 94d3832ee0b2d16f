"""Join the findings to the network: a verdict per failing destination, its fix, its subnets.

The finding keeps its shape; it gains `network` (what the walk found), its message leads with
the named cause, and its remediation puts the targeted fixes first, keeping the generic steps
only for what the evidence could not decide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from checker.finding import ErrorCount, Finding
from checker.network.attribution import Attribution, attribute, place
from checker.network.flowlogs import FlowLogs, Keep
from checker.network.model import Network
from checker.network.path import Target, Verdict, Walk, dns, resolve, walk
from checker.network.verdicts import BY_CODE, Kind
from checker.remediation import Remediation

MAX_DESTINATIONS = 5  # the most frequent destinations of a finding are walked
# Generic steps whose question the walk answers once every destination has a decided verdict.
DECIDED_BY_WALK = frozenset(
    {"security-groups", "network-acls", "nat-route", "gateway-endpoint", "interface-endpoint", "route-tables"}
)
_SYN = {"SG_EGRESS_BLOCKS", "NACL_OUTBOUND_DENY"}
_REPLY = {"NACL_RETURN_DENY", "DEST_NACL_RETURN_DENY"}
_AT_DESTINATION = {"DEST_SG_INGRESS_BLOCKS", "DEST_NACL_INBOUND_DENY"}
_DEFAULT_PORTS = {"aws-service": 443}


@dataclass(frozen=True)
class Destination:
    """The walk's answer for one failing host:port of a finding."""

    host: str | None
    port: int | None
    category: str
    invocations: int
    target: Target | None
    walks: tuple[Walk, ...]
    verdicts: tuple[Verdict, ...]  # every blocking step in path order (merged across subnets)
    cause: Verdict
    prediction: str | None = None  # from the configuration, labelled as such
    flow: Attribution | None = None
    note: str | None = None

    @property
    def decided(self) -> bool:
        return self.cause.kind in (Kind.BLOCKS, Kind.OPEN)


@dataclass(frozen=True)
class FindingNetwork:
    function: str | None  # the get-function-configuration it was joined to
    subnets: tuple[str, ...]
    destinations: tuple[Destination, ...]
    lead: str  # the sentences that lead the finding's message
    note: str | None = None  # why nothing was walked


@dataclass(frozen=True)
class NetworkEvidence:
    """What the report says about the evidence itself (top-level `network`)."""

    folder: str
    region: str | None
    missing: tuple[str, ...]
    flow_files: tuple[tuple[str, str, int, dict[str, int]], ...]  # path, format, records, skipped
    flow_logs: bool
    denied: tuple[tuple[str, str, str], ...] = ()  # (file, status, error) of the manifest's failed calls


def _merge(walks: Sequence[Walk]) -> tuple[Verdict, ...]:
    """Blocking verdicts of every subnet, in path order; the same fix in several subnets is one."""
    merged: dict[tuple[str, str, str], Verdict] = {}
    for w in walks:
        for v in w.verdicts:
            if v.kind is not Kind.BLOCKS:
                continue
            key = (v.code, v.title, v.fix)
            old = merged.get(key)
            merged[key] = v if old is None else replace(old, subnets=old.subnets + v.subnets)
    return tuple(merged.values())


def _cause(
    category: str, walks: Sequence[Walk], verdicts: tuple[Verdict, ...], target: Target
) -> tuple[Verdict, str | None]:
    label = target.label
    if category == "ECONNREFUSED":
        note = None
        if verdicts:
            note = (
                f"The configuration read would block this path ({verdicts[0].code}), yet a host "
                "answered: the evidence may be from another time than the failures."
            )
        return Verdict("SERVICE_REFUSED", {"target": label, "port": str(target.port)}), note
    agreeing = [v for v in verdicts if v.agrees(category)]
    if agreeing:
        return agreeing[0], None
    finals = [w.verdicts[0] for w in walks if w.verdicts and w.verdicts[0].kind is not Kind.BLOCKS]
    undecided = [v for v in finals if v.kind is Kind.UNDECIDED]
    if undecided:
        return undecided[0], None
    beyond = [v for v in finals if v.kind is Kind.BEYOND]
    if beyond:
        return beyond[0], None
    subnets = ", ".join(w.subnet for w in walks)
    if category == "ETIMEDOUT" and not verdicts:
        open_path = Verdict("PATH_OPEN", {"subnet": subnets, "target": label}, tuple(w.subnet for w in walks))
        return open_path, None
    reason = f"no step of the configuration explains {category}" + (
        f" (it does block: {verdicts[0].code})" if verdicts else ""
    )
    return Verdict("UNDECIDED", {"subnet": subnets, "target": label, "reason": reason}), None


def _prediction(network: Network, walks: Sequence[Walk], cause: Verdict) -> str | None:
    if cause.kind is not Kind.BLOCKS or len(walks) < 2:
        return None
    hit = [w.subnet for w in walks if any(v.code == cause.code for v in w.verdicts)]
    spared = [w.subnet for w in walks if w.subnet not in hit]
    if not hit or not spared:
        return None

    def named(ids: list[str]) -> str:
        return ", ".join(f"{s} ({z})" if (z := _zone(network, s)) else s for s in ids)

    return (
        f"Prediction from the configuration: failures are expected from {named(hit)} only; "
        f"{named(spared)} {'is' if len(spared) == 1 else 'are'} not affected by this rule."
    )


def _zone(network: Network, subnet_id: str) -> str | None:
    subnet = network.subnets.get(subnet_id)
    return (subnet.availability_zone_id or subnet.availability_zone) if subnet else None


def _addresses(network: Network, target: Target) -> tuple[str, ...]:
    if target.net is not None and target.net.num_addresses == 1:
        return (str(target.net.network_address),)
    if target.kind == "database" and target.group_ids:
        groups = set(target.group_ids)
        return tuple(
            ip
            for i in network.interfaces
            if i.subnet_id in target.subnet_ids and set(i.group_ids) == groups and "RDS" in i.description
            for ip in i.private_ips
        )
    return ()


def evaluate_destination(
    network: Network, function: str, error: ErrorCount, window: tuple[int, int] | None, flows: FlowLogs | None
) -> Destination | None:
    config = network.functions[function]
    if error.category == "ENOTFOUND":
        verdict = dns(network, function, error.host or "HOST")
        return Destination(
            error.host,
            error.port,
            error.category,
            error.invocations,
            None,
            (),
            (verdict,) if verdict.kind is Kind.BLOCKS else (),
            verdict,
        )
    if not error.host:
        return None
    probe = resolve(network, error.host, error.port or 0)
    port = error.port or _DEFAULT_PORTS.get(probe.kind)
    if port is None:
        return None
    target = replace(probe, port=port)
    walks = tuple(walk(network, function, s, target) for s in config.subnet_ids)
    verdicts = _merge(walks)
    cause, note = _cause(error.category, walks, verdicts, target)
    attribution = None
    if flows is not None:
        attribution = attribute(network, function, _addresses(network, target), port, window, flows.records)
    return Destination(
        error.host,
        port,
        error.category,
        error.invocations,
        target,
        walks,
        verdicts,
        cause,
        _prediction(network, walks, cause),
        attribution,
        note,
    )


def _flow_sentence(d: Destination) -> str | None:
    flow = d.flow
    if flow is None:
        return None
    where = f"{d.host}:{d.port}"
    rejected = [s for s in flow.subnets if s.rejected_out + s.rejected_return + s.rejected_at_destination]
    if not rejected:
        if not flow.records:
            return f"VPC Flow Logs hold no records to or from {where} in the failure window."
        return (
            f"VPC Flow Logs hold {flow.records} records to or from {where} in the failure window, "
            "none a REJECT."
        )
    out = sum(s.rejected_out for s in rejected)
    back = sum(s.rejected_return for s in rejected)
    far = sum(s.rejected_at_destination for s in rejected)
    kinds = []
    if out:
        kinds.append(f"{out} REJECT records of the outgoing SYN")
    if back:
        kinds.append(f"{back} REJECT records of the replies coming back")
    if far:
        kinds.append(f"{far} REJECT records on the destination's ENI")
    confirms = (
        (out and d.cause.code in _SYN)
        or (back and d.cause.code in _REPLY)
        or (far and d.cause.code in _AT_DESTINATION)
    )
    verb = "confirm" if confirms else "show"
    places = ", ".join(place(s) for s in rejected)
    clean = [place(s) for s in flow.subnets if s not in rejected]
    sentence = (
        f"VPC Flow Logs {verb}: {' and '.join(kinds)} for the function's ENIs in {places} "
        f"to {where} in the failure window"
    )
    if clean:
        sentence += f"; {', '.join(clean)} had none"
    return sentence + "."


def _lead(primary: Destination) -> str:
    cause = primary.cause
    parts = [cause.title]
    if cause.fix:
        parts.append(f"Fix: `{cause.fix}`.")
    others = [v for v in primary.verdicts if v is not cause and v.agrees(primary.category)]
    if others:
        parts.append(f"Also blocking, further along the path: {', '.join(v.code for v in others)}.")
    flow = _flow_sentence(primary)
    if flow:
        parts.append(flow)
    elif primary.prediction:
        parts.append(primary.prediction)
    return " ".join(parts)


def _function_for(network: Network, finding: Finding) -> str | None:
    if finding.function and finding.function in network.functions:
        return finding.function
    if len(network.functions) == 1 and finding.function is None:
        return next(iter(network.functions))
    return None


def _targeted(d: Destination) -> list[Remediation]:
    steps = []
    for v in d.verdicts or ((d.cause,) if d.cause.fix else ()):
        if not v.fix or not (v.agrees(d.category) or d.category == "ECONNREFUSED"):
            continue
        if d.category == "ECONNREFUSED":
            continue  # an answer came back: nothing in the VPC blocks it
        code = BY_CODE[v.code]
        ids = ", ".join(f"`{i}`" for i in v.ids)
        markdown = f"{v.title}\n\n```sh\n{v.fix}\n```\n\n{code.means}"
        if ids:
            markdown += f"\n\nEvidence: {ids}."
        steps.append(Remediation(f"network-{v.code.lower().replace('_', '-')}", v.title, markdown, (v.fix,)))
    return steps


def _wanted(findings: Sequence[Finding], network: Network) -> Keep:
    """Which flow-log records can matter: to or from a failing destination's address and port."""
    pairs: set[tuple[str | None, str | None]] = set()
    for finding in findings:
        for error in (finding.primary, *finding.destinations[:MAX_DESTINATIONS]):
            if error.host and error.category != "ENOTFOUND":
                target = resolve(network, error.host, error.port or 0)
                port = error.port or _DEFAULT_PORTS.get(target.kind)
                pairs.update((a, str(port)) for a in _addresses(network, target) if port)
    return frozenset(pairs)


def _zone_subnets(finding: Finding, network: Network, subnet_ids: Sequence[str]) -> Finding:
    """Name the subnet of each AZ ID the function logged, when it is the function's only subnet
    in that AZ (describe-subnets `AvailabilityZoneId` and `VpcConfig.SubnetIds`)."""
    if not finding.zones:
        return finding
    in_zone: dict[str, list[str]] = {}
    for s in subnet_ids:
        subnet = network.subnets.get(s)
        if subnet is not None and subnet.availability_zone_id:
            in_zone.setdefault(subnet.availability_zone_id, []).append(s)
    zones = tuple(
        replace(z, subnet=only[0]) if len(only := in_zone.get(z.availability_zone_id, [])) == 1 else z
        for z in finding.zones
    )
    return replace(finding, zones=zones)


def apply(
    findings: Sequence[Finding], network: Network, read_flows: Callable[[Keep], FlowLogs | None] | None = None
) -> tuple[Finding, ...]:
    """Every finding joined to the network evidence (unchanged when it has no function config)."""
    flows = read_flows(_wanted(findings, network)) if read_flows is not None else None
    joined = []
    for finding in findings:
        function = _function_for(network, finding)
        if function is None:
            note = (
                f"no network/get-function-configuration.{finding.function}.json in the evidence"
                if finding.function
                else "the finding names no function to join to the evidence"
            )
            joined.append(replace(finding, network=FindingNetwork(None, (), (), "", note)))
            continue
        config = network.functions[function]
        finding = _zone_subnets(finding, network, config.subnet_ids)
        if not config.subnet_ids:
            note = "the function is not attached to a VPC (VpcConfig has no subnets): no path to walk"
            joined.append(replace(finding, network=FindingNetwork(function, (), (), "", note)))
            continue
        window = (finding.first_seen, finding.last_seen) if finding.first_seen and finding.last_seen else None
        first = (finding.primary.host, finding.primary.port, finding.primary.category)
        errors = [
            finding.primary,
            *[d for d in finding.destinations[:MAX_DESTINATIONS] if (d.host, d.port, d.category) != first],
        ]
        results = [r for e in errors if (r := evaluate_destination(network, function, e, window, flows))]
        lead = _lead(results[0]) if results else ""
        targeted: dict[str, Remediation] = {}
        for r in results:
            for step in _targeted(r):
                targeted.setdefault(step.commands[0], step)
        decided = bool(results) and all(r.decided for r in results)
        dns_named = all(r.cause.code in ("DNS_SUPPORT_DISABLED", "CUSTOM_DNS_SERVERS") for r in results)
        generic = [
            step
            for step in finding.remediation
            if not (decided and step.id in DECIDED_BY_WALK)
            and not (flows is not None and step.id == "flow-logs")
            and not (decided and dns_named and step.id == "dns-resolution")
        ]
        info = FindingNetwork(function, config.subnet_ids, tuple(results), lead)
        joined.append(replace(finding, network=info, remediation=(*targeted.values(), *generic)))
    return tuple(joined)
