"""The pipeline both faces run: inputs -> events -> invocations -> findings -> Report."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from checker.config import Config, load_config
from checker.errors import InputError
from checker.finding import FindingBuilder, meets_fail_on
from checker.ingest.read import Ingest
from checker.invocations import Grouper, stream_of
from checker.report import Report, Summary, function_counts, overall_severity


def analyze(paths: Sequence[str], config: Config, *, stdin: IO[bytes] | None = None) -> Report:
    """Read every input and build the report; bad input raises InputError."""
    ingest = Ingest(list(paths), max_inflated_bytes=config.max_inflated_bytes, stdin=stdin)
    builder = FindingBuilder(config)  # failing invocations fold into it as the grouper lets go
    grouper = Grouper(default_group=config.log_group, let_go=builder.add)
    for batch, name in ingest.batches():
        grouper.add_batch(batch, name)
    if not ingest.inputs:
        raise InputError(", ".join(paths), "no CloudWatch Logs export found")
    invocations = grouper.finish()
    for inv in invocations:
        builder.add(inv)
    totals = grouper.retired + Counter(stream_of(inv) for inv in invocations)
    del invocations
    findings = tuple(builder.findings(totals, grouper.spans))
    failed = sum(f.failed_invocations for f in findings)
    summary = Summary(
        events=sum(i.events for i in ingest.inputs),
        invocations=sum(totals.values()),
        failed_invocations=failed,
        severity=overall_severity(findings),
    )
    return Report(
        inputs=tuple(ingest.inputs),
        ignored=tuple(ingest.ignored),
        functions=function_counts(totals, findings),
        findings=findings,
        summary=summary,
    )


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        from checker.render.json import render_json

        return render_json(report)
    if fmt == "markdown":
        from checker.render.markdown import render_markdown

        return render_markdown(report)
    from checker.render.text import render_text

    return render_text(report, color=color)


def run_analyze(paths: Sequence[str], *, fmt: str, output: str | None, fail_on: str | None,
                config_path: str | None, log_group: str | None = None) -> int:
    """`connfail analyze`: exit 1 when a finding reaches --fail-on, 2 on bad input."""
    if "-" in paths and sys.stdin.isatty():
        raise InputError("<stdin>", "is a terminal: name an export (PATH), or pipe one in")
    config = load_config(Path(config_path) if config_path else None, search_from=Path.cwd())
    if log_group:
        config = replace(config, log_group=log_group)
    report = analyze(paths, config)
    for ignored in report.ignored:
        print(f"connfail: note: {ignored.path}: skipped, {ignored.reason}", file=sys.stderr)
    color = output is None and fmt == "text" and sys.stdout.isatty()
    text = render(report, fmt, color=color)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(output, f"cannot write the report: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
    return 1 if meets_fail_on(report.summary.severity, fail_on or config.fail_on) else 0


def run_validate(paths: Sequence[str], *, config_path: str | None) -> int:
    """`connfail validate`: one line per problem, `FILE: /pointer: reason`; exit 2 on any."""
    config = load_config(Path(config_path) if config_path else None, search_from=Path.cwd())
    ingest = Ingest(list(paths), max_inflated_bytes=config.max_inflated_bytes, keep_problems=100)
    bad = 0
    checked = 0
    for source in ingest.sources():
        try:
            for _batch in ingest.read(source):
                pass
        except InputError as exc:
            print(f"{exc.path}: {exc.reason}", file=sys.stderr)
            bad += 1
            continue
        if ingest.inputs and ingest.inputs[-1].path == source.name:
            stats = ingest.inputs[-1]
            checked += 1
            for problem in stats.problems:
                print(f"{source.name}: {problem}", file=sys.stderr)
            invalid = stats.skipped_reasons.get("invalid event", 0)
            if invalid > len(stats.problems):
                print(f"{source.name}: ... and {invalid - len(stats.problems)} more invalid events",
                      file=sys.stderr)
            if stats.problems:
                bad += 1
            else:
                print(f"{source.name}: valid {stats.format} ({stats.events} events)")
    for ignored in ingest.ignored:
        print(f"connfail: note: {ignored.path}: skipped, {ignored.reason}", file=sys.stderr)
    return 2 if bad or not checked else 0
