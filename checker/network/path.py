"""The walk: from each of the function's subnets to one failing destination, step by step.

Pure: a `Network` and a destination in, verdicts out. Each step answers yes, no, or maybe (a
rule's match depends on an address connfail does not know); a "no" is a blocking verdict with
its ids and fix, a "maybe" keeps the step undecided. Nothing is ever guessed into a blocker.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from checker.detect.model import TargetKind
from checker.detect.services import is_aws_endpoint
from checker.network.model import Nacl, NaclEntry, Network, Route, RouteTable, Rule, Subnet
from checker.network.verdicts import BY_CODE, Kind
from checker.remediation import destination_kind

IpNet = ipaddress.IPv4Network | ipaddress.IPv6Network
EPHEMERAL = (1024, 65535)  # the return ports a NAT-style source uses (AWS: NAT gateways, ELB)
GATEWAY_SERVICES = ("s3", "dynamodb")
AMAZON_DNS = "AmazonProvidedDNS"


class Match(IntEnum):
    NO = 0
    MAYBE = 1
    YES = 2


@dataclass(frozen=True)
class Verdict:
    code: str
    evidence: dict[str, str]  # the placeholders, filled with real ids
    subnets: tuple[str, ...] = ()  # the function subnets it holds for

    @property
    def kind(self) -> Kind:
        return BY_CODE[self.code].kind

    @property
    def title(self) -> str:
        return BY_CODE[self.code].title.format_map(self.evidence)

    @property
    def fix(self) -> str:
        """The fix command; a value unfit to paste into a shell stays its upper-case placeholder."""
        template = BY_CODE[self.code].fix
        if not template:
            return ""
        safe = {k: v if _fit_for_shell(k, v) else k.upper() for k, v in self.evidence.items()}
        return template.format_map(safe)

    @property
    def ids(self) -> tuple[str, ...]:
        """The AWS ids in its evidence: what a reader looks up."""
        seen: dict[str, None] = {}
        for value in self.evidence.values():
            for word in value.replace(",", " ").split():
                if "-" in word and word.split("-", 1)[0] in _ID_PREFIXES:
                    seen[word] = None
        return tuple(seen)

    def agrees(self, category: str) -> bool:
        return category in BY_CODE[self.code].categories


# Evidence is hostile input too: no quotes, `$`, `;`, `|`, `&`, redirections or newlines in a fix.
_SHELL_SAFE = re.compile(r"^[A-Za-z0-9._:/=,\[\]{}-]+$")


def _fit_for_shell(key: str, value: str) -> bool:
    """Each word shell-safe, and no word that would be an option but in `via` (which is one)."""
    words = value.split(" ")
    return all(_SHELL_SAFE.match(w) and (key == "via" or not w.startswith("-")) for w in words)


_ID_PREFIXES = (
    "sg",
    "acl",
    "rtb",
    "subnet",
    "vpc",
    "nat",
    "igw",
    "vpce",
    "pcx",
    "tgw",
    "eni",
    "dopt",
    "vgw",
    "pl",
)


@dataclass(frozen=True)
class Target:
    """What the failing host:port is, as far as the evidence tells."""

    host: str
    port: int
    kind: TargetKind
    net: IpNet | None  # the address (/32), or the subnet it is in; None: an unknown public address
    subnet_ids: tuple[str, ...] = ()
    group_ids: tuple[str, ...] | None = None  # None: not known
    resource: str = ""
    aws_service: str | None = None
    prefix_list: str | None = None  # a gateway endpoint's list that holds the address

    @property
    def label(self) -> str:
        return self.host


@dataclass(frozen=True)
class Walk:
    subnet: str
    verdicts: tuple[Verdict, ...]  # blockers in path order; else one open/beyond/undecided verdict


@dataclass
class _Steps:
    """What one walk found so far."""

    subnet: str
    blockers: list[Verdict] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    beyond: Verdict | None = None

    def block(self, code: str, **evidence: str) -> None:
        self.blockers.append(Verdict(code, evidence, (self.subnet,)))

    def unsure(self, reason: str) -> None:
        if reason not in self.undecided:
            self.undecided.append(reason)


# ---- matching -------------------------------------------------------------------------------


def _net(cidr: str | None) -> IpNet | None:
    try:
        return ipaddress.ip_network(cidr, strict=False) if cidr else None
    except ValueError:
        return None


def cidr_match(cidr: str, target: IpNet | None) -> Match:
    rule = _net(cidr)
    if rule is None:
        return Match.NO
    if target is None:  # an unknown public address: only "everything" surely holds it
        if rule.prefixlen == 0:
            return Match.YES if rule.version == 4 else Match.MAYBE
        return Match.NO if rule.is_private else Match.MAYBE
    if rule.version != target.version:
        return Match.NO
    if target.subnet_of(rule):  # type: ignore[arg-type]
        return Match.YES  # (the versions are equal: checked above)
    return Match.MAYBE if rule.overlaps(target) else Match.NO


def _tcp_port(protocol: str, low: int | None, high: int | None, port: int) -> bool:
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    return (low is None or low == -1 or low <= port) and (high is None or high == -1 or port <= high)


def _best(matches: Iterable[Match]) -> Match:
    return max(matches, default=Match.NO)


def _rule_match(
    rule: Rule,
    port: int,
    target: IpNet | None,
    groups: tuple[str, ...] | None,
    in_vpc: bool,
    network: Network,
    prefix_list: str | None = None,
) -> Match:
    if not _tcp_port(rule.protocol, rule.from_port, rule.to_port, port):
        return Match.NO
    found = [cidr_match(c, target) for c in rule.cidrs]
    for pl in rule.prefix_lists:
        if prefix_list is not None and pl == prefix_list:
            found.append(Match.YES)
        elif pl in network.prefix_lists:
            found += [cidr_match(c, target) for c in network.prefix_lists[pl]]
        else:
            found.append(Match.MAYBE)  # the list's entries were not collected
    for group in rule.groups:
        if groups is not None:
            found.append(Match.YES if group in groups else Match.NO)
        elif in_vpc:
            found.append(Match.MAYBE)
    return _best(found)


def nacl_decide(
    nacl: Nacl, egress: bool, peer: IpNet | None, low: int, high: int
) -> tuple[Match, NaclEntry | None]:
    """First match over every port of low..high: YES all allowed, NO (and the entry) some denied."""
    entries = [e for e in nacl.entries if e.egress == egress and e.protocol in ("-1", "6")]
    cuts = {low, high + 1}
    for e in entries:
        if e.port_from is not None and e.port_to is not None:
            cuts.update(p for p in (e.port_from, e.port_to + 1) if low < p <= high)
    points = sorted(cuts)
    overall = Match.YES
    for start in points[:-1]:
        decided: Match | None = None
        for e in entries:
            if (
                e.protocol == "6"
                and e.port_from is not None
                and e.port_to is not None
                and not e.port_from <= start <= e.port_to
            ):
                continue
            hit = cidr_match(e.cidr, peer)
            if hit is Match.NO:
                continue
            if hit is Match.MAYBE:
                decided = Match.MAYBE
                break
            if not e.allow:
                return Match.NO, e
            decided = Match.YES
            break
        if decided is None:  # nothing matched: the implicit "*" deny (moto omits the entry)
            return Match.NO, None
        overall = min(overall, decided)
    return overall, None


def free_rule_number(nacl: Nacl, egress: bool, below: int) -> int:
    """A free rule number evaluated before `below`: the next multiple of ten after the rules before it."""
    used = {e.rule_number for e in nacl.entries if e.egress == egress}
    before = max((n for n in used if n < below), default=0)
    candidate = (before // 10 + 1) * 10
    while candidate in used or candidate >= below:
        candidate -= 1
        if candidate <= before:
            return max(1, below - 1)
    return candidate


# ---- lookups --------------------------------------------------------------------------------


def _vpc_of(network: Network, subnet_ids: Iterable[str]) -> str | None:
    # Moto's Lambda VpcId is fake (facts §0.2): the subnets say which VPC it is.
    return next((network.subnets[s].vpc_id for s in subnet_ids if s in network.subnets), None)


def nacl_of(network: Network, subnet: Subnet) -> Nacl | None:
    own = next((n for n in network.nacls if subnet.subnet_id in n.subnet_ids), None)
    return own or next((n for n in network.nacls if n.is_default and n.vpc_id == subnet.vpc_id), None)


def route_table_of(network: Network, subnet: Subnet) -> RouteTable | None:
    own = next((t for t in network.route_tables if subnet.subnet_id in t.subnet_ids), None)
    return own or next((t for t in network.route_tables if t.main and t.vpc_id == subnet.vpc_id), None)


def _subnet_net(subnet: Subnet) -> IpNet | None:
    return _net(subnet.cidr)


def _around(network: Network, subnet_ids: tuple[str, ...]) -> IpNet | None:
    """The smallest network holding every one of the subnets: a rule holding it holds them all."""
    nets = [n for s in subnet_ids if (n := _subnet_net(network.subnets[s])) is not None]
    if not nets or len({n.version for n in nets}) > 1:
        return None
    around = nets[0]
    while not all(n.subnet_of(around) for n in nets):  # type: ignore[arg-type]
        around = around.supernet()
    return around


def resolve(network: Network, host: str, port: int) -> Target:
    """What host:port is: an ENI in a subnet, an RDS endpoint, an AWS API, or a public address."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        net = ipaddress.ip_network(address)
        subnet = next(
            (
                s
                for s in network.subnets.values()
                if (n := _subnet_net(s)) is not None and n.version == net.version and net.subnet_of(n)  # type: ignore[arg-type]
            ),
            None,
        )
        if subnet is None:
            if address.is_global:
                return Target(host, port, "public", net)
            in_vpc = any(cidr_match(c, net) is Match.YES for v in network.vpcs.values() for c in v.cidrs)
            return Target(host, port, "vpc" if in_vpc else "public", net)
        eni = next((i for i in network.interfaces if str(address) in i.private_ips), None)
        if eni is None:
            return Target(
                host, port, "vpc", net, (subnet.subnet_id,), None, f"an address in subnet {subnet.subnet_id}"
            )
        owner = next(
            (
                d
                for d in network.databases
                if eni.description == "RDSNetworkInterface"
                and set(d.group_ids) == set(eni.group_ids)
                and subnet.subnet_id in d.subnet_ids
            ),
            None,
        )
        resource = (
            f"RDS {owner.kind} {owner.name}, {eni.eni_id}"
            if owner is not None
            else f"{eni.eni_id} ({eni.description or eni.interface_type})"
        )
        return Target(host, port, "vpc", net, (subnet.subnet_id,), eni.group_ids, resource)
    lowered = host.lower().rstrip(".")
    database = next((d for d in network.databases if lowered in (a.lower() for a in d.addresses)), None)
    if database is not None:
        subnets = tuple(s for s in database.subnet_ids if s in network.subnets)
        return Target(
            host,
            port,
            "database",
            _around(network, subnets),
            subnets,
            database.group_ids,
            f"RDS {database.kind} {database.name}",
        )
    service = is_aws_endpoint(host)
    if service is not None:
        return Target(host, port, "aws-service", None, aws_service=service)
    kind, _ = destination_kind(host, None)  # a private-looking name: its address is unknown
    return Target(host, port, "public" if kind == "public" else "private", None)


# ---- the walk -------------------------------------------------------------------------------


def walk(network: Network, function: str, subnet_id: str, target: Target) -> Walk:
    """Every step from `subnet_id` to `target`, in path order (connection attempts over TCP)."""
    config = network.functions[function]
    steps = _Steps(subnet_id)
    subnet = network.subnets.get(subnet_id)
    if subnet is None:
        steps.unsure(f"subnet {subnet_id} is not in describe-subnets.json")
        return _done(steps, target)
    if (
        target.net is not None
        and target.net.version == 6
        and not (config.ipv6_dual_stack and subnet.ipv6_cidrs)
    ):
        if not subnet.ipv6_cidrs:
            steps.block("SUBNET_NO_IPV6", target=target.label, subnet=subnet.subnet_id)
        else:
            steps.block(
                "IPV6_NOT_ENABLED",
                target=target.label,
                function=function,
                subnet=subnet.subnet_id,
                subnets=",".join(config.subnet_ids),
                groups=",".join(config.group_ids),
            )
    elif target.kind == "database" and target.net is None:
        steps.unsure(f"which subnets {target.resource} is in is not in the evidence")
    elif target.kind == "private":
        steps.unsure(
            f"{target.host} is no address, RDS endpoint or AWS API the evidence knows: "
            "its address decides every step"
        )
    elif target.kind == "aws-service":
        _service(network, config.group_ids, subnet, target, steps, function)
    else:
        _connect(network, config.group_ids, subnet, target, steps)
    return _done(steps, target)


def _done(steps: _Steps, target: Target) -> Walk:
    if steps.blockers:
        return Walk(steps.subnet, tuple(steps.blockers))
    if steps.undecided:
        return Walk(
            steps.subnet,
            (
                Verdict(
                    "UNDECIDED",
                    {"subnet": steps.subnet, "target": target.label, "reason": "; ".join(steps.undecided)},
                    (steps.subnet,),
                ),
            ),
        )
    if steps.beyond is not None:
        return Walk(steps.subnet, (steps.beyond,))
    return Walk(
        steps.subnet,
        (Verdict("PATH_OPEN", {"subnet": steps.subnet, "target": target.label}, (steps.subnet,)),),
    )


def _target_cidr(target: Target) -> str:
    return str(target.net) if target.net is not None else "0.0.0.0/0"


def _egress(
    network: Network, groups: tuple[str, ...], target: Target, steps: _Steps, port: int | None = None
) -> None:
    port = target.port if port is None else port
    if not network.has("describe-security-groups"):
        steps.unsure("describe-security-groups.json is missing")
        return
    known = [network.groups[g] for g in groups if g in network.groups]
    if len(known) < len(groups):
        steps.unsure("a security group of the function is not in describe-security-groups.json")
        return
    in_vpc = target.kind in ("vpc", "database")
    found = _best(
        _rule_match(r, port, target.net, target.group_ids, in_vpc, network, target.prefix_list)
        for g in known
        for r in g.egress
    )
    if found is Match.MAYBE:
        steps.unsure(f"whether the function's egress rules cover {target.label} depends on its address")
    elif found is Match.NO and known:
        first = known[0]
        if target.group_ids:
            allow = f"UserIdGroupPairs=[{{GroupId={target.group_ids[0]}}}]"
            where = f"{target.label} or to its security group {target.group_ids[0]}"
        elif target.prefix_list:
            allow = f"PrefixListIds=[{{PrefixListId={target.prefix_list}}}]"
            where = f"{target.label} (prefix list {target.prefix_list})"
        else:
            allow = f"IpRanges=[{{CidrIp={_target_cidr(target)}}}]"
            where = target.label
        steps.block(
            "SG_EGRESS_BLOCKS",
            group=first.group_id,
            group_name=first.name or "-",
            port=str(port),
            target=where,
            allow=allow,
        )


def _rule_text(entry: NaclEntry | None) -> str:
    if entry is None:
        return "* default deny"
    return "* default deny" if entry.rule_number >= 32767 else str(entry.rule_number)


def _nacl_step(
    network: Network,
    subnet: Subnet,
    egress: bool,
    peer: IpNet | None,
    low: int,
    high: int,
    steps: _Steps,
    code: str,
    evidence: dict[str, str],
    fix_cidr: str,
) -> None:
    if not network.has("describe-network-acls"):
        steps.unsure("describe-network-acls.json is missing")
        return
    nacl = nacl_of(network, subnet)
    if nacl is None:
        steps.unsure(f"no network ACL of subnet {subnet.subnet_id} in describe-network-acls.json")
        return
    found, entry = nacl_decide(nacl, egress, peer, low, high)
    if found is Match.MAYBE:
        steps.unsure(f"network ACL {nacl.nacl_id} has rules that may or may not match the address")
    elif found is Match.NO:
        below = entry.rule_number if entry is not None else 32767
        steps.block(
            code,
            nacl=nacl.nacl_id,
            subnet=subnet.subnet_id,
            rule=_rule_text(entry),
            rule_number=str(free_rule_number(nacl, egress, below)),
            cidr=fix_cidr,
            **evidence,
        )


def _connect(
    network: Network,
    groups: tuple[str, ...],
    subnet: Subnet,
    target: Target,
    steps: _Steps,
    ingress_code: str = "DEST_SG_INGRESS_BLOCKS",
    extra: dict[str, str] | None = None,
) -> None:
    """SYN out, route, destination in, replies back: the TCP path to an address."""
    source = _subnet_net(subnet)
    source_cidr = subnet.cidr or "SUBNET_CIDR"
    _egress(network, groups, target, steps)
    same_subnet = target.subnet_ids == (subnet.subnet_id,)
    if not same_subnet:  # a subnet's ACL filters what crosses its boundary
        _nacl_step(
            network,
            subnet,
            True,
            target.net,
            target.port,
            target.port,
            steps,
            "NACL_OUTBOUND_DENY",
            {"port": str(target.port), "target": target.label},
            _target_cidr(target),
        )
    internal = _route(network, subnet, target, steps)
    if internal and not same_subnet:
        _dest_nacl(
            network,
            target,
            False,
            source,
            (target.port, target.port),
            steps,
            "DEST_NACL_INBOUND_DENY",
            {"port": str(target.port), "source": source_cidr},
            source_cidr,
        )
    if internal:
        _ingress(network, groups, subnet, target, steps, target.port, ingress_code, extra)
        if not same_subnet:
            _dest_nacl(
                network,
                target,
                True,
                source,
                EPHEMERAL,
                steps,
                "DEST_NACL_RETURN_DENY",
                {"source": source_cidr},
                source_cidr,
            )
    if not same_subnet:
        _nacl_step(
            network,
            subnet,
            False,
            target.net,
            *EPHEMERAL,
            steps,
            "NACL_RETURN_DENY",
            {"target": target.label},
            _target_cidr(target),
        )


def _dest_nacl(
    network: Network,
    target: Target,
    egress: bool,
    source: IpNet | None,
    ports: tuple[int, int],
    steps: _Steps,
    code: str,
    evidence: dict[str, str],
    fix_cidr: str,
) -> None:
    """The destination subnet's ACL; where the destination may be in several, only what holds in all."""
    found = [network.subnets[s] for s in target.subnet_ids if s in network.subnets]
    trials = []
    for dest in found:
        trial = _Steps(steps.subnet)
        _nacl_step(network, dest, egress, source, *ports, trial, code, evidence, fix_cidr)
        trials.append(trial)
    if not trials:
        return
    if all(t.blockers for t in trials):
        steps.blockers.append(trials[0].blockers[0])
    elif any(t.blockers or t.undecided for t in trials):
        reasons = [r for t in trials for r in t.undecided]
        steps.unsure(
            reasons[0]
            if reasons
            else f"the network ACL of only some of {target.label}'s subnets "
            "blocks: which one it is in is unknown"
        )


def _ingress(
    network: Network,
    groups: tuple[str, ...],
    subnet: Subnet,
    target: Target,
    steps: _Steps,
    port: int | None = None,
    code: str = "DEST_SG_INGRESS_BLOCKS",
    extra: dict[str, str] | None = None,
) -> None:
    port = target.port if port is None else port
    if not network.has("describe-security-groups"):
        steps.unsure("describe-security-groups.json is missing")
        return
    if target.group_ids is None:
        steps.unsure(
            f"which security groups {target.label} is in is not in the evidence "
            "(describe-network-interfaces, describe-db-instances)"
        )
        return
    dest_groups = [network.groups.get(g) for g in target.group_ids]
    if any(g is None for g in dest_groups):
        steps.unsure("a security group of the destination is not in describe-security-groups.json")
        return
    source = _subnet_net(subnet)
    found = _best(
        _rule_match(r, port, source, tuple(groups), True, network)
        for g in dest_groups
        if g is not None
        for r in g.ingress
    )
    if found is Match.MAYBE:
        steps.unsure(f"whether {target.label}'s inbound rules cover the function depends on its ENI address")
    elif found is Match.NO and dest_groups and dest_groups[0] is not None:
        first = dest_groups[0]
        evidence = {
            "group": first.group_id,
            "group_name": first.name or "-",
            "resource": target.resource or target.label,
            "port": str(port),
            "function_group": groups[0] if groups else "FUNCTION_SG_ID",
            "source": subnet.cidr or subnet.subnet_id,
        }
        if extra:
            evidence.update(extra)
        steps.block(code, **evidence)


def _lookup(table: RouteTable, target: Target, network: Network) -> tuple[Route | None, bool]:
    """The route that carries `target` (longest prefix), and whether a more specific route may."""
    best: tuple[int, Route] | None = None
    unsure = unknown_list = False
    for route in table.routes:
        if route.prefix_list is not None:
            if target.prefix_list is not None and route.prefix_list == target.prefix_list:
                return route, False  # a gateway endpoint's list: the most specific route there is
            if route.prefix_list not in network.prefix_lists:
                # Its entries were not collected: it may hold the address, unless it is an AWS
                # service's list (public addresses of that service) and the address is private or
                # a host name that is no AWS API.
                aws_list = network.prefix_list_names.get(route.prefix_list, "").startswith("com.amazonaws.")
                unknown_list |= not (aws_list and (target.net is None or target.net.is_private))
                continue
            cidrs = network.prefix_lists[route.prefix_list]
            matches = [(cidr_match(c, target.net), _net(c)) for c in cidrs]
            hits = [n.prefixlen for m, n in matches if m is Match.YES and n is not None]
            if hits and (best is None or max(hits) > best[0]):
                best = (max(hits), route)
            continue
        hit = cidr_match(route.destination or "", target.net)
        net = _net(route.destination)
        if net is None:
            continue
        if hit is Match.YES and (best is None or net.prefixlen > best[0]):
            best = (net.prefixlen, route)
        elif hit is Match.MAYBE and net.prefixlen > 0:
            unsure = True
    if unknown_list:
        return (best[1] if best else None), True
    if best is not None and unsure:
        deeper = any(
            cidr_match(r.destination or "", target.net) is Match.MAYBE
            and (n := _net(r.destination)) is not None
            and n.prefixlen > best[0]
            for r in table.routes
        )
        return best[1], deeper
    return (best[1] if best else None), unsure and best is None


def _via(network: Network, vpc_id: str | None, exclude: str | None = None) -> str:
    nat = next(
        (
            n
            for n in network.nats.values()
            if n.vpc_id == vpc_id
            and n.state == "available"
            and n.connectivity == "public"
            and n.nat_id != exclude
        ),
        None,
    )
    return f"--nat-gateway-id {nat.nat_id if nat else 'NAT_GATEWAY_ID'}"


def _route(network: Network, subnet: Subnet, target: Target, steps: _Steps, record: bool = True) -> bool:
    """The route step; True when the packet stays in the VPC (the destination steps follow)."""
    if not network.has("describe-route-tables"):
        steps.unsure("describe-route-tables.json is missing")
        return False
    table = route_table_of(network, subnet)
    if table is None:
        steps.unsure(f"no route table of subnet {subnet.subnet_id} (nor a main one) in the evidence")
        return False
    route, unsure = _lookup(table, target, network)
    if unsure:
        steps.unsure(f"a route of {table.route_table_id} may be more specific for {target.label}")
        return False
    cidr = _target_cidr(target) if target.kind != "public" or target.net is not None else "0.0.0.0/0"
    common = {"route_table": table.route_table_id, "subnet": subnet.subnet_id}
    if route is None:
        public = target.kind in ("public", "aws-service")
        steps.block(
            "NO_ROUTE",
            target=target.label,
            cidr="0.0.0.0/0" if public else cidr,
            via=_via(network, subnet.vpc_id) if public else "--transit-gateway-id TARGET_ID",
            **common,
        )
        return False
    dest = route.destination or route.prefix_list or cidr
    if route.state == "blackhole":
        steps.block(
            "ROUTE_BLACKHOLE",
            cidr=dest,
            route_target=route.target,
            via=_via(network, subnet.vpc_id, route.target),
            **common,
        )
        return False
    if route.target == "local":
        return True
    if target.net is not None and target.net.version == 6 and route.target.startswith(("igw-", "eigw-")):
        return False  # IPv6 addresses are global: an internet gateway (or egress-only one) carries them
    if route.target.startswith("igw-"):
        steps.block(
            "IGW_NO_PUBLIC_IP", cidr=dest, igw=route.target, via=_via(network, subnet.vpc_id), **common
        )
        return False
    if route.target.startswith("nat-"):
        _nat(network, route, dest, subnet, steps, common)
        return False
    if route.target.startswith("vpce-"):
        return False  # a gateway endpoint: the service side is AWS's
    steps.beyond = Verdict(
        "BEYOND_VPC", {"target": target.label, "route_target": route.target, **common}, (subnet.subnet_id,)
    )
    return False


def _nat(
    network: Network, route: Route, dest: str, subnet: Subnet, steps: _Steps, common: dict[str, str]
) -> None:
    if not network.has("describe-nat-gateways"):
        steps.unsure("describe-nat-gateways.json is missing")
        return
    nat = network.nats.get(route.target)
    via = _via(network, subnet.vpc_id, route.target)
    if nat is None:
        steps.unsure(f"NAT gateway {route.target} is not in describe-nat-gateways.json")
        return
    if nat.state != "available":
        steps.block("NAT_NOT_AVAILABLE", cidr=dest, nat=nat.nat_id, state=nat.state, via=via, **common)
        return
    if nat.connectivity == "private":
        steps.block("NAT_PRIVATE", cidr=dest, nat=nat.nat_id, via=via, **common)
        return
    own = network.subnets.get(nat.subnet_id or "")
    table = route_table_of(network, own) if own is not None else None
    if table is None:
        steps.unsure(f"the route table of NAT gateway {nat.nat_id}'s subnet is not in the evidence")
        return
    out = Target("0.0.0.0", 443, "public", None)
    onward, _ = _lookup(table, out, network)
    if onward is None or not onward.target.startswith("igw-") or onward.state != "active":
        igw = next((g for g, vpcs in network.igws.items() if nat.vpc_id in vpcs), "INTERNET_GATEWAY_ID")
        steps.block(
            "NAT_NO_IGW_ROUTE",
            nat=nat.nat_id,
            nat_subnet=own.subnet_id if own else "-",
            nat_route_table=table.route_table_id,
            igw=igw,
        )


def _service(
    network: Network, groups: tuple[str, ...], subnet: Subnet, target: Target, steps: _Steps, function: str
) -> None:
    """An AWS API host name: a gateway endpoint, an interface endpoint with private DNS, or the internet."""
    service = target.aws_service or "SERVICE"
    region = network.region or "REGION"
    name = f"com.amazonaws.{region}.{service}"
    is_global_sts = target.host.lower().rstrip(".") == "sts.amazonaws.com"
    if not network.has("describe-vpc-endpoints"):
        steps.unsure("describe-vpc-endpoints.json is missing")
        return
    endpoints = [
        e
        for e in network.endpoints
        if e.vpc_id == subnet.vpc_id and e.service_name == name and e.state.lower() == "available"
    ]
    table = route_table_of(network, subnet)
    if service in GATEWAY_SERVICES and table is not None:
        for e in endpoints:
            if e.endpoint_type == "Gateway" and table.route_table_id in e.route_table_ids:
                pl = next(
                    (r.prefix_list for r in table.routes if r.target == e.endpoint_id and r.prefix_list), None
                )
                via_list = Target(
                    target.host, target.port, "aws-service", None, aws_service=service, prefix_list=pl
                )
                _egress(network, groups, via_list, steps)
                _nacl_step(
                    network,
                    subnet,
                    True,
                    None,
                    target.port,
                    target.port,
                    steps,
                    "NACL_OUTBOUND_DENY",
                    {"port": str(target.port), "target": target.label},
                    "0.0.0.0/0",
                )
                _nacl_step(
                    network,
                    subnet,
                    False,
                    None,
                    *EPHEMERAL,
                    steps,
                    "NACL_RETURN_DENY",
                    {"target": target.label},
                    "0.0.0.0/0",
                )
                return
    interface = next((e for e in endpoints if e.endpoint_type == "Interface"), None)
    if interface is not None and interface.private_dns and not is_global_sts:
        _to_endpoint(
            network,
            groups,
            subnet,
            target,
            interface.endpoint_id,
            interface.group_ids,
            interface.subnet_ids,
            steps,
        )
        return
    # Through the internet: the public addresses of the API.
    trial = _Steps(subnet.subnet_id)
    _connect(network, groups, subnet, target, trial)
    steps.undecided += trial.undecided
    routing = {
        "NO_ROUTE",
        "IGW_NO_PUBLIC_IP",
        "NAT_NOT_AVAILABLE",
        "NAT_PRIVATE",
        "NAT_NO_IGW_ROUTE",
        "ROUTE_BLACKHOLE",
    }
    routed = [v for v in trial.blockers if v.code in routing]
    steps.blockers += [v for v in trial.blockers if v.code not in routing]
    if not routed:
        steps.beyond = trial.beyond
        return
    rtb = table.route_table_id if table else "ROUTE_TABLE_ID"
    sts = next(
        (
            e
            for e in network.endpoints
            if e.vpc_id == subnet.vpc_id
            and e.service_name == f"com.amazonaws.{region}.sts"
            and e.endpoint_type == "Interface"
        ),
        None,
    )
    if is_global_sts and sts is not None:
        steps.block(
            "GLOBAL_STS_ENDPOINT",
            endpoint=sts.endpoint_id,
            endpoint_service=sts.service_name,
            subnet=subnet.subnet_id,
            function=function,
        )
    elif interface is not None:
        steps.block(
            "ENDPOINT_PRIVATE_DNS_OFF",
            endpoint=interface.endpoint_id,
            endpoint_service=name,
            host=target.host,
            subnet=subnet.subnet_id,
        )
    elif service in GATEWAY_SERVICES:
        steps.block(
            "GATEWAY_ENDPOINT_MISSING",
            subnet=subnet.subnet_id,
            service=service,
            route_table=rtb,
            vpc=subnet.vpc_id or "VPC_ID",
            endpoint_service=name,
        )
    else:
        config = network.functions[function]
        steps.block(
            "INTERFACE_ENDPOINT_MISSING",
            vpc=subnet.vpc_id or "VPC_ID",
            endpoint_service=name,
            subnet=subnet.subnet_id,
            service=service,
            subnets=" ".join(config.subnet_ids),
            groups=" ".join(config.group_ids) or "SG_ID",
        )


def _to_endpoint(
    network: Network,
    groups: tuple[str, ...],
    subnet: Subnet,
    target: Target,
    endpoint_id: str,
    endpoint_groups: tuple[str, ...],
    endpoint_subnets: tuple[str, ...],
    steps: _Steps,
) -> None:
    """The private-DNS path: the endpoint's ENIs, inside the VPC, on 443."""
    known = tuple(s for s in endpoint_subnets if s in network.subnets)
    # Private DNS answers with the endpoint's ENI in the caller's AZ when it has one.
    local = tuple(s for s in known if network.subnets[s].availability_zone == subnet.availability_zone)
    where = local[:1] or known
    if not where:
        steps.unsure(f"the subnets of interface endpoint {endpoint_id} are not in describe-subnets.json")
        return
    inside = Target(
        target.host,
        443,
        "vpc",
        _around(network, where),
        where,
        endpoint_groups,
        f"interface endpoint {endpoint_id}",
        target.aws_service,
    )
    _connect(
        network,
        groups,
        subnet,
        inside,
        steps,
        "ENDPOINT_SG_BLOCKS",
        {"endpoint": endpoint_id, "subnet": subnet.subnet_id},
    )


def dns(network: Network, function: str, host: str) -> Verdict:
    """ENOTFOUND: the VPC's resolver settings."""
    config = network.functions[function]
    vpc_id = _vpc_of(network, config.subnet_ids) or config.vpc_id or "VPC_ID"
    vpc = network.vpcs.get(vpc_id)
    if vpc is None or vpc.dns_support is None:
        return Verdict(
            "UNDECIDED",
            {
                "subnet": ", ".join(config.subnet_ids),
                "target": host,
                "reason": "describe-vpcs.json or its enableDnsSupport file is missing",
            },
        )
    if vpc.dns_support is False:
        return Verdict("DNS_SUPPORT_DISABLED", {"vpc": vpc_id}, config.subnet_ids)
    options = vpc.dhcp_options_id
    if options and options != "default":
        if options not in network.dhcp:
            reason = f"DHCP options {options} are not in describe-dhcp-options.json"
            return Verdict(
                "UNDECIDED", {"subnet": ", ".join(config.subnet_ids), "target": host, "reason": reason}
            )
        servers = network.dhcp[options]
        if servers and AMAZON_DNS not in servers:
            return Verdict(
                "CUSTOM_DNS_SERVERS",
                {"vpc": vpc_id, "dhcp": options, "servers": ", ".join(servers)},
                config.subnet_ids,
            )
    return Verdict("DNS_CONFIGURED", {"vpc": vpc_id, "host": host}, config.subnet_ids)
