"""An evidence folder (EVIDENCE.md: logs/, network/, flowlogs/, manifest.json), or its parts.

`connfail analyze EVIDENCE/` reads logs/ as the log exports (each file named by its log group),
network/ as the describe-* outputs, flowlogs/ as the flow-log exports. `--network DIR` and
`--flowlogs PATH` name the parts when they live elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from checker.errors import InputError

if TYPE_CHECKING:  # imported when evidence is given: a plain `analyze` run never needs them
    from checker.network.flowlogs import FlowLogs, Keep
    from checker.network.model import Network

MAX_MANIFEST_BYTES = 4 * 1024 * 1024


@dataclass
class EvidenceFolder:
    """The network configuration and flow logs to join to the findings (EVIDENCE.md)."""

    network: Network
    flow_path: Path | None  # flow-log exports, read once the failing destinations are known
    flow_formats: dict[str, str | None] = field(default_factory=dict)
    log_groups: dict[str, str] = field(default_factory=dict)  # log export file name -> its log group
    flows: FlowLogs | None = None  # what `read_flows` read
    denied: tuple[tuple[str, str, str], ...] = ()  # manifest calls not ok: (file, status, error)

    def log_group_of(self, source: str) -> str | None:
        return self.log_groups.get(PurePath(source).name)

    def read_flows(self, keep: Keep) -> FlowLogs | None:
        """The records `keep` wants (to or from a failing destination): bounded memory."""
        if self.flow_path is not None and self.flows is None:
            from checker.network.flowlogs import read_folder

            self.flows = read_folder(self.flow_path, self.flow_formats, keep)
        return self.flows


def is_evidence_folder(path: str) -> bool:
    folder = Path(path)
    return folder.is_dir() and ((folder / "network").is_dir() or (folder / "manifest.json").is_file())


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        return {}
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise InputError(str(path), f"is above {MAX_MANIFEST_BYTES:,} bytes")
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(str(path), f"is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "is not a JSON object")
    return data


def _entries(manifest: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = manifest.get(key)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def group_from_name(name: str) -> str | None:
    """`~aws~lambda~orders-api.json` -> `/aws/lambda/orders-api` (EVIDENCE.md file naming)."""
    stem = PurePath(name).name.removesuffix(".json")
    return stem.replace("~", "/") if stem.startswith("~") else None


def open_evidence(
    paths: list[str], network_dir: str | None, flowlogs: str | None
) -> tuple[list[str], EvidenceFolder | None]:
    """The log PATHs to analyze and the evidence to join, from PATHs and the two flags."""
    folders = [p for p in paths if is_evidence_folder(p)]
    if len(folders) > 1:
        raise InputError(", ".join(folders), "name one evidence folder at a time")
    if not folders and network_dir is None:
        if flowlogs is not None:
            raise InputError(flowlogs, "flow logs need the network configuration: add --network DIR")
        return paths, None
    manifest: dict[str, Any] = {}
    groups: dict[str, str] = {}
    logs = [p for p in paths if p not in folders]
    if folders:
        folder = Path(folders[0])
        manifest = _manifest(folder)
        network_dir = network_dir or str(folder / "network")
        if flowlogs is None and (folder / "flowlogs").exists():
            flowlogs = str(folder / "flowlogs")
        if (folder / "logs").is_dir():
            logs.append(str(folder / "logs"))
            for item in (folder / "logs").iterdir():
                group = group_from_name(item.name)
                if group:
                    groups[item.name] = group
        for function in _entries(manifest, "functions"):
            if isinstance(function.get("logs"), str) and isinstance(function.get("log_group"), str):
                groups[PurePath(function["logs"]).name] = function["log_group"]
    region = manifest.get("region") if isinstance(manifest.get("region"), str) else None
    from checker.network.load import load_network

    network = load_network(Path(network_dir or "."), region)
    formats: dict[str, str | None] = {c.log_group: c.log_format for c in network.flow_logs if c.log_group}
    for entry in _entries(manifest, "flowlogs"):
        if isinstance(entry.get("file"), str) and isinstance(entry.get("format"), str):
            formats[PurePath(entry["file"]).name] = entry["format"]
    if flowlogs is not None and not Path(flowlogs).exists():
        raise InputError(flowlogs, "does not exist")
    if not logs:
        raise InputError(
            folders[0] if folders else network_dir or ".", "holds no logs/: name the log exports too"
        )
    denied = tuple(
        (str(c.get("file") or c.get("operation") or "?"), str(c.get("status")), str(c.get("error") or ""))
        for c in _entries(manifest, "calls")
        if c.get("status") in ("denied", "error")
    )
    return logs, EvidenceFolder(network, Path(flowlogs) if flowlogs else None, formats, groups, denied=denied)
