"""The pipeline both faces run: ingest -> invocations -> detection -> finding -> remediation ->
(network) -> message -> Report; the renderers and reporters take the Report from there."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from checker.config import Config, load_config
from checker.errors import EXIT_INPUT, InputError, error_line, reading, shorten
from checker.finding import Finding, FindingBuilder
from checker.ingest.read import Deduplicator, Ingest
from checker.ingest.sources import Ignored, InputFile, expand
from checker.invocations import Grouper, stream_of
from checker.phrasing import plural
from checker.render import RENDERERS
from checker.report import Report, Summary, Unreadable, function_counts, overall_severity
from checker.sink import emit, progress_display, say, stdout_colour, stdout_width, write_file
from checker.terminal import DEFAULT_WIDTH
from checker.vocab import FailOn

if TYPE_CHECKING:
    from checker.network.evaluate import NetworkEvidence
    from checker.network.evidence import EvidenceFolder
    from checker.progress import Progress


def analyze(
    paths: Sequence[str],
    config: Config,
    *,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
    evidence: EvidenceFolder | None = None,
) -> Report:
    """Read every input and build the report; an unreadable input is listed in it (errors as data).

    Raises InputError only when the paths hold no export at all and nothing failed to read.
    `progress`, when given, is told what was read as it goes (a terminal's progress display).
    """
    ingest = Ingest(
        list(paths),
        max_inflated_bytes=config.max_inflated_bytes,
        stdin=stdin,
        max_message_bytes=config.max_message_bytes,
    )
    builder = FindingBuilder(config)  # failing invocations fold into it as the grouper lets go
    grouper = Grouper(default_group=config.log_group, let_go=builder.add)
    expanded = _expand(ingest)
    unreadable: list[Unreadable] = []
    dedup = Deduplicator() if sum(isinstance(x, InputFile) for x in expanded) > 1 else None
    for source in expanded:
        if isinstance(source, Unreadable):  # in PATH order, with the others
            unreadable.append(source)
            continue
        if dedup is not None:
            dedup.next_input()
        if evidence is not None:  # logs/<GROUP>.json: the file name is the log group
            grouper.set_default_group(evidence.log_group_of(source.name) or config.log_group)
        started = len(ingest.inputs)
        if progress is not None:
            source = progress.watch(source)
        try:
            with reading(source.name):
                for batch in ingest.read(source, dedup, selected=True):
                    grouper.add_batch(batch, source.name)
                    if progress is not None:
                        progress.batch(batch.events, grouper.retired.total)
        except InputError as exc:
            # What it gave before the error stays analyzed, and is listed with the error.
            partial = ingest.inputs[started] if len(ingest.inputs) > started else None
            del ingest.inputs[started:]
            unreadable.append(Unreadable(exc.path, exc.reason, partial))
    if not ingest.inputs and not unreadable:
        raise InputError(", ".join(paths), "no CloudWatch Logs export found")
    invocations = grouper.finish()
    for inv in invocations:
        builder.add(inv)
    # Every invocation per stream: the ones `finish` returned join the ones let go, in place (a
    # copy would be a second table as large: 5 MB over 100k streams, at the run's peak).
    totals = grouper.retired
    totals.update(stream_of(inv) for inv in invocations)
    del invocations
    findings = conclude(builder.findings(totals, grouper.function_spans(), grouper.zones), evidence)
    from checker.digest import digest

    failed = sum(f.failed_invocations for f in findings)
    summary = Summary(
        events=sum(i.events for i in ingest.inputs) + sum(u.read.events for u in unreadable if u.read),
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
        unreadable=tuple(unreadable),
        network=evidence_summary(evidence) if evidence is not None else None,
        digest=digest(findings),
    )


def remediate(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The remediation stage: the entries that fit each finding's evidence, most useful first."""
    from checker.remediation import select

    return tuple(replace(f, remediation=select(f)) for f in findings)


def conclude(findings: Sequence[Finding], evidence: EvidenceFolder | None = None) -> tuple[Finding, ...]:
    """The stages after the findings: remediation, the network evidence's verdicts (which put
    targeted fixes first), then each finding's summary sentence, written from all of that."""
    from checker.render.message import finding_message

    done = remediate(findings)
    if evidence is not None:
        from checker.network.evaluate import apply

        done = apply(done, evidence.network, evidence.read_flows)
    return tuple(replace(f, message=finding_message(f)) for f in done)


def _expand(ingest: Ingest) -> list[InputFile | Unreadable]:
    """The files of every PATH, in order; a PATH that cannot be expanded is unreadable, not fatal."""
    found: list[InputFile | Unreadable] = []
    for path in ingest.paths:
        try:
            with reading(path):
                for item in expand([path], ingest.cap, ingest.stdin):
                    if isinstance(item, Ignored):
                        ingest.ignored.append(item)  # listed in every report
                    else:
                        found.append(item)
        except InputError as exc:
            found.append(Unreadable(exc.path, exc.reason))
    return found


def status_line(report: Report) -> str:
    """The verdict in one line, for stderr when the report itself went to a file."""
    s = report.summary
    functions = len(report.findings)  # one finding per function
    where = f" in {plural(functions, 'function')}" if functions else ""
    line = f"{s.severity}: {s.failed_invocations:,} of {s.invocations:,} invocations could not connect{where}"
    if report.unreadable:
        line += f"; {len(report.unreadable)} input(s) not read"
    return line


def _size(paths: Sequence[str]) -> int | None:
    """Bytes of the named files, for the progress display; None when a PATH is not a plain file."""
    total = 0
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total


def render(report: Report, fmt: str, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """`report` in the --format `fmt` (a name in checker.render.RENDERERS)."""
    return RENDERERS[fmt](report, color=color, width=width)


def evidence_summary(evidence: EvidenceFolder) -> NetworkEvidence:
    from checker.network.evaluate import NetworkEvidence

    flows = evidence.flows
    files = tuple(
        (f.path, f.format, f.records, dict(sorted(f.skipped.items()))) for f in (flows.files if flows else ())
    )
    network = evidence.network
    return NetworkEvidence(
        network.folder,
        network.region,
        tuple(sorted(network.missing)),
        files,
        evidence.flow_path is not None,
        evidence.denied,
    )


def run_analyze(
    paths: Sequence[str],
    *,
    fmt: str,
    output: str | None,
    fail_on: FailOn | None,
    config_path: str | None,
    log_group: str | None = None,
    quiet: bool = False,
    network: str | None = None,
    flowlogs: str | None = None,
) -> int:
    """`connfail analyze`: exit 1 when a finding reaches --fail-on, 2 when an input was bad.

    The report of the readable inputs is printed even then, listing the bad ones. `quiet`
    prints errors only: no report on stdout (the exit code is the verdict; --output still
    writes its file), no notes, no progress, no status line.
    """
    if "-" in paths and sys.stdin.isatty():
        raise InputError("<stdin>", "is a terminal: name an export (PATH), or pipe one in")
    config = load_config(Path(config_path) if config_path else None, search_from=Path.cwd())
    if log_group:
        config = replace(config, log_group=log_group)
    evidence: EvidenceFolder | None = None
    if network is not None or flowlogs is not None or any(os.path.isdir(p) for p in paths):
        # Evidence comes from these flags or a folder (is_evidence_folder); a run on files
        # alone skips the module (issue 14: start-up).
        from checker.network.evidence import open_evidence

        paths, evidence = open_evidence(list(paths), network, flowlogs)
    progress = None if quiet else progress_display(_size(paths))
    try:
        report = analyze(paths, config, progress=progress, evidence=evidence)
    finally:
        if progress is not None:
            progress.close()
    if not quiet:
        for ignored in report.ignored:
            say(f"connfail: note: {ignored.path}: skipped, {ignored.reason}")
    for bad in report.unreadable:
        say(f"connfail: {error_line(InputError(bad.path, bad.message))}")
    if not report.read_any:
        return EXIT_INPUT  # nothing was read: the lines above are all there is to say
    color = output is None and RENDERERS[fmt].terminal and stdout_colour()
    text = render(report, fmt, color=color, width=stdout_width() if output is None else DEFAULT_WIDTH)
    kind = RENDERERS[fmt].kind
    if output:
        try:
            write_file(Path(output), text, kind)
        except OSError as exc:
            raise InputError(output, f"cannot write the report: {exc.strerror}") from None
        if not quiet:
            say(f"connfail: {status_line(report)}; report written to {output}")
    elif not quiet:
        emit(text, kind, colour=color)
    if report.unreadable:
        return EXIT_INPUT  # the verdict misses those inputs, whatever the others show
    return 1 if (fail_on or config.fail_on).met_by(report.summary.severity) else 0


def run_validate(paths: Sequence[str], *, config_path: str | None, quiet: bool = False) -> int:
    """`connfail validate`: one line per problem, `FILE: /pointer: reason`; exit 2 on any.

    `quiet` leaves out the line per valid file and the notes: problems only."""
    config = load_config(Path(config_path) if config_path else None, search_from=Path.cwd())
    ingest = Ingest(
        list(paths),
        max_inflated_bytes=config.max_inflated_bytes,
        keep_problems=100,
        max_message_bytes=config.max_message_bytes,
    )
    bad = 0
    checked = 0
    for source in _expand(ingest):
        if isinstance(source, Unreadable):
            say(error_line(InputError(source.path, source.reason)))
            bad += 1
            continue
        try:
            with reading(source.name):
                for _batch in ingest.read(source):
                    pass
        except InputError as exc:
            say(error_line(exc))
            bad += 1
            continue
        if ingest.inputs and ingest.inputs[-1].path == source.name:
            stats = ingest.inputs[-1]
            checked += 1
            for problem in stats.problems:
                say(f"{source.name}: {shorten(problem)}")
            invalid = stats.skipped_reasons.get("invalid event", 0)
            if invalid > len(stats.problems):
                say(f"{source.name}: ... and {invalid - len(stats.problems)} more invalid events")
            if stats.problems:
                bad += 1
            elif not quiet:
                say(f"{source.name}: valid {stats.format} ({stats.events} events)", stream=sys.stdout)
    for ignored in ingest.ignored if not quiet else ():
        say(f"connfail: note: {ignored.path}: skipped, {ignored.reason}")
    if not checked and not bad:  # every file was skipped: say so, never exit 2 in silence
        say(f"{', '.join(paths)}: no CloudWatch Logs export found")
    return EXIT_INPUT if bad or not checked else 0
