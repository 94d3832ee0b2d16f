"""`--format json`: the report as design §5 and schemas/report.schema.json define it."""

from __future__ import annotations

from dataclasses import replace

import msgspec

from checker.redact import public_in_place
from checker.report import Report, finding_dict


def render_json(report: Report) -> str:
    # msgspec encodes and indents in C; the standard library's indenting encoder is pure Python
    # and holds every small chunk of a large report at once. Each dict is fresh: make it public
    # (secrets redacted, controls visible, keys too) in place; this is the JSON face's sink.
    # A finding at a time: its dicts go once it is encoded, where the whole report as builtins
    # (100k failing streams: thousands of listed sources and invocations) was ~16 MB at the
    # run's peak.
    document = public_in_place(replace(report, findings=()).to_dict())
    document["findings"] = [
        msgspec.Raw(msgspec.json.encode(public_in_place(finding_dict(f)))) for f in report.findings
    ]
    encoded = msgspec.json.encode(document)
    del document
    formatted = msgspec.json.format(encoded, indent=2)
    del encoded  # one copy of the report at a time, two at most
    text = formatted.decode("utf-8")
    del formatted
    return text + "\n"
