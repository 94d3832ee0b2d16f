"""The generated parts of docs/collect.md: the calls table, the `aws` commands that build the same
folder by hand, the read-only IAM policy and the Logs Insights query (a test fails on drift).

Regenerate with `python -m checker.collect.docs` from the repository root.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker.collect.calls import CALLS, Call, iam_policy
from checker.collect.logs import insights_query
from checker.sink import say, write_file

DOC = Path("docs") / "collect.md"
_BLOCK = re.compile(r"(<!-- generated:(\w+) -->\n)(.*?)(<!-- end:\2 -->)", re.DOTALL)
# How each placeholder of a Call reads in the shell script (its variables are set above it).
_SHELL = {
    "function": "$FN",
    "log_group": '"$GROUP"',
    "start_ms": "$START_MS",
    "end_ms": "$END_MS",
    "vpc_ids": "$VPC",
    "vpc": "$VPC",
    "group_ids": "$SGS",
    "dhcp_options_ids": "$DHCP",
    "prefix_list_ids": "$PLS",
    "prefix_list": "$PL",
    "resource_ids": "$VPC,$SUBNETS",
    "group": "$GROUP_FILE",
    "attribute": "{attribute}",
}
_FOR_EACH = {
    "describe-vpc-attribute": "for attribute in enableDnsSupport enableDnsHostnames; do",
    "get-managed-prefix-list-entries": "for PL in ${PLS//,/ }; do",
}


def _shell(template: str) -> str:
    text = template
    for key, value in _SHELL.items():
        text = text.replace("{" + key + "}", value)
    return text.replace("{attribute}", "$attribute")


def command_line(c: Call) -> str:
    """`aws ec2 describe-subnets --filters ... > evidence/network/describe-subnets.json`."""
    args = f" {_shell(c.cli)}" if c.cli else ""
    line = f'aws {c.service} {c.command}{args} > "evidence/{_shell(c.file or "")}"'
    if c.command in _FOR_EACH:
        return f"{_FOR_EACH[c.command]}\n  {line}\ndone"
    return line


def render_commands() -> str:
    lines = [
        "```sh",
        "FN=orders-api; GROUP=/aws/lambda/$FN; GROUP_FILE=$(printf %s \"$GROUP\" | tr / '~')",
        "START_MS=$(( ($(date +%s) - 7200) * 1000 )); END_MS=$(( $(date +%s) * 1000 ))",
        "mkdir -p evidence/logs evidence/network evidence/flowlogs",
    ]
    for c in CALLS:
        if c.file is None:
            continue
        if c.command == "describe-subnets":
            lines += [
                'CONF="evidence/network/get-function-configuration.$FN.json"',
                'SUBNETS=$(jq -r \'.VpcConfig.SubnetIds | join(",")\' "$CONF")',
                "VPC=$(aws ec2 describe-subnets --subnet-ids ${SUBNETS//,/ } "
                "--query 'Subnets[0].VpcId' --output text)",
            ]
        if c.command == "describe-security-group-rules":
            lines.append(
                "SGS=$(jq -r '[.SecurityGroups[].GroupId] | join(\",\")' "
                "evidence/network/describe-security-groups.json)"
            )
        if c.command == "describe-dhcp-options":
            lines.append(
                "DHCP=$(jq -r '.Vpcs[0].DhcpOptionsId' evidence/network/describe-vpcs.json)"
                '  # skip this call when it is "default"'
            )
        if c.command == "describe-managed-prefix-lists":
            lines.append(
                "PLS=$(jq -r '.. | .DestinationPrefixListId? // .PrefixListId? // empty' "
                "evidence/network/describe-route-tables.json "
                "evidence/network/describe-security-groups.json | sort -u | paste -sd, -)"
            )
        if c.service == "rds" and c.command == "describe-db-instances":
            lines.append("# only when a failing destination is an RDS endpoint or an RDS ENI's IP:")
        lines.append(command_line(c))
    lines.append("```")
    return "\n".join(lines) + "\n"


def render_table() -> str:
    out = [
        "| Service | Operation | `aws` command | File | Paginated | IAM action | When |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CALLS:
        file = f"`{c.file}`" if c.file else "—"
        out.append(
            f"| {c.service} | {c.operation} | `{c.command}` | {file} | "
            f"{'yes' if c.paginated else 'no'} | `{c.iam_action}` | {c.when} |"
        )
    return "\n".join(out) + "\n"


def render_policy() -> str:
    return "```json\n" + json.dumps(iam_policy(), indent=2) + "\n```\n"


def render_query() -> str:
    return "```\n" + insights_query() + "\n```\n"


GENERATED = {
    "calls": render_table,
    "commands": render_commands,
    "policy": render_policy,
    "query": render_query,
}


def refreshed(text: str) -> str:
    """`text` with every generated block rendered anew from the tables."""
    return _BLOCK.sub(lambda m: m.group(1) + GENERATED[m.group(2)]() + m.group(4), text)


def main() -> int:
    write_file(DOC, refreshed(DOC.read_text(encoding="utf-8")), "markdown")
    say(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
