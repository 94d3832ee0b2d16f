"""Rewrite a generated filter-log-events file as Logs Insights results, to time that format.

`get-query-results` (default): `{"results": [[{"field", "value"}, ...], ...], "statistics",
"status"}` as `aws logs get-query-results` prints it (4-space indent), one row per event with
@timestamp (UTC `YYYY-MM-DD HH:MM:SS.mmm`), @logStream, @log (`account:group`), @message and
@ptr; `console` writes the console's JSON download (an array of objects keyed by field).
The events are the same, so the report's counts match the source file's truth.

    python bench/as_insights.py bench/out/30m.json bench/out/30m.insights.json
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path

GROUP = "123456789012:/platform/lambda-shared"


def stamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--console", action="store_true", help="the console's JSON download instead")
    args = parser.parse_args()
    events = json.loads(args.source.read_text(encoding="utf-8"))["events"]
    rows = []
    for n, event in enumerate(events):
        fields = {
            "@timestamp": stamp(event["timestamp"]),
            "@logStream": event["logStreamName"],
            "@log": GROUP,
            "@message": event["message"],
            "@ptr": f"CmAKJQohMTIzNDU2Nzg5MDEy{n:012d}",
        }
        rows.append(fields if args.console else [{"field": k, "value": v} for k, v in fields.items()])
    document: object = (
        rows
        if args.console
        else {
            "results": rows,
            "statistics": {
                "recordsMatched": float(len(rows)),
                "recordsScanned": float(len(rows)),
                "bytesScanned": float(args.source.stat().st_size),
            },
            "status": "Complete",
        }
    )
    with args.out.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=4)
        handle.write("\n")
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
