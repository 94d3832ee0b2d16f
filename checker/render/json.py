"""`--format json`: the report as design §5 and schemas/report.schema.json define it."""

from __future__ import annotations

import msgspec

from checker.redact import public_in_place
from checker.report import Report


def render_json(report: Report) -> str:
    # msgspec encodes and indents in C; the standard library's indenting encoder is pure Python
    # and holds every small chunk of a large report at once. The dict is fresh: make it public
    # (secrets redacted, controls visible, keys too) in place; this is the JSON face's sink.
    document = public_in_place(report.to_dict())
    encoded = msgspec.json.encode(document)
    del document
    return (msgspec.json.format(encoded, indent=2) + b"\n").decode("utf-8")
