"""`--format json`: the report as design §5 and schemas/report.schema.json define it."""

from __future__ import annotations

import json

from checker.redact import redact_value
from checker.report import Report


def render_json(report: Report) -> str:
    return json.dumps(redact_value(report.to_dict()), indent=2, ensure_ascii=False) + "\n"
