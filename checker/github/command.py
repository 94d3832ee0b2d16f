"""`connfail action`: the GitHub Action's entry point; reads the runner's env, calls the core."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from github import Github
from github.Repository import Repository

from checker.analyze import analyze
from checker.config import Config, load_config
from checker.culprit import ChangedLines, Culprit, link, order_key, site
from checker.digest import Comparison, compare
from checker.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    InputError,
    debug_requested,
    error_line,
    internal_error_line,
)
from checker.github import advice
from checker.github.check_run import (
    Annotation,
    build_output,
    lint_annotation,
    publish_check_run,
    repo_path,
)
from checker.github.client import (
    API_ERRORS,
    WaitBudget,
    connect,
    default_retry,
    describe,
    is_not_accessible,
)
from checker.github.comment import COMMENT_LIMIT, compose_body, publish_comment
from checker.github.context import Runner, Target, read_runner, resolve_target
from checker.github.delta import changed_lines, find_base
from checker.github.exports import Exports, expand, gather_exports
from checker.github.inputs import OUTPUTS, Inputs, read_inputs
from checker.github.runner_files import append_summary, write_outputs
from checker.github.summary import Links, check_summary, footer, lint_section, step_summary, title
from checker.github.workflow_commands import (
    Command,
    capped,
    log,
    print_command,
    raw_block,
    write_lines,
)
from checker.network.evidence import open_evidence
from checker.phrasing import destination, with_service
from checker.redact import public
from checker.render import RENDERERS
from checker.render.markdown import (
    COMMENT_FUNCTIONS,
    CommentContext,
    change_words,
    label,
    render_markdown,
)
from checker.render.markdown import text as markdown_text
from checker.render.message import finding_message, function_label
from checker.report import Report
from checker.sink import public_markdown, say_traceback, write_file
from checker.vocab import FailOn

T = TypeVar("T")
COMMENT_FRAME = 2000  # characters of a comment that are not the report: marker, notes, footer
REPORT_FORMAT = "json"  # of the `report` output's file (design §7)
NO_VERDICT = "ERROR"  # the `severity` output when the step could not reach a verdict (exit 2, 3)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # the Action reads its inputs from INPUT_* variables, like any action


def run(args: argparse.Namespace) -> int:
    try:
        return run_action(os.environ)
    except InputError as exc:
        return could_not_run(os.environ, [error_line(exc)], EXIT_INPUT)
    except Exception as exc:
        if debug_requested(getattr(args, "debug", False)):
            say_traceback(exc)
        return could_not_run(os.environ, [internal_error_line(exc)], EXIT_INTERNAL)


def could_not_run(env: Mapping[str, str], lines: Sequence[str], code: int) -> int:
    """No verdict: an `::error` line per problem, a caution in the summary, severity ERROR."""
    for line in lines:
        print_command(Command("error", line, title="connfail"))
    caution = "\n".join(f"> connfail could not run: {markdown_text(line)}" for line in lines)
    append_summary(env.get("GITHUB_STEP_SUMMARY", ""), f"> [!CAUTION]\n{caution}\n")
    write_outputs(env.get("GITHUB_OUTPUT", ""), dict.fromkeys(OUTPUTS, "") | {"severity": NO_VERDICT})
    return code


def run_action(env: Mapping[str, str]) -> int:
    """Analyze, publish (check run, comment), then always the summary, outputs and exit code."""
    inputs = read_inputs(env)
    runner = read_runner(env)
    config = _config(inputs, runner)
    fail_on = inputs.fail_on or config.fail_on
    target = resolve_target(runner, inputs.run_id)
    budget = WaitBudget()  # one cap on waiting for GitHub, shared by every request of the run
    gh = _client(inputs, runner, budget)
    repo = gh.get_repo(runner.repository) if gh else None

    exports = gather_exports(inputs, runner, target, repo, gh, config, budget)
    paths, evidence = open_evidence(exports.paths, None, None)
    report = analyze(paths, config, evidence=evidence)
    # File names from an artifact are a fork's to choose: printed where no command is read.
    if report.ignored:
        write_lines(raw_block(f"connfail: note: {i.path}: skipped, {i.reason}" for i in report.ignored))
    if not report.read_any:
        return could_not_run(
            env, [error_line(InputError(u.path, u.message)) for u in report.unreadable], EXIT_INPUT
        )
    lint = _lint(inputs, runner, config)
    severity = report.summary.severity
    problems: list[advice.Problem] = []
    links = Links(run_url=runner.run_url, head_sha=target.head_sha, report_artifact=inputs.report_artifact)
    pr_number = _pr_number(target, exports, repo, problems, runner.api_url, budget)

    changed: ChangedLines = {}
    if repo is not None and pr_number is not None and lint and lint.findings:
        changed = _changed(repo, pr_number, runner.api_url, budget)
    # Lint findings on lines the PR changed first: in the annotations, the table, the culprits.
    pairs = sorted(
        (
            (f, site(f, repo_path(str(f.path), runner.workspace), changed))
            for f in (lint.findings if lint else ())
        ),
        key=lambda p: order_key(p[1], changed),
    )
    ordered = [f for f, _ in pairs]
    sites = [s for _, s in pairs]
    culprits = {label(f): c for f in report.findings if (c := link(f, sites)) is not None}
    comparison, base, base_note = _compare(repo, pr_number, target, inputs.check_name, report, runner.api_url)
    context = CommentContext(
        comparison=comparison,
        base=base,
        base_note=base_note,
        culprits=culprits,
        code_url=(
            f"{runner.server_url}/{runner.repository}/blob/{target.head_sha}/"
            if runner.repository and target.head_sha
            else None
        ),
        summary_url=runner.run_url,
    )
    report_markdown = render_markdown(report, context)
    lint_markdown = lint_section(ordered, lint.errors, runner.workspace, lint.skipped) if lint else ""
    full_markdown = report_markdown + ("\n" + lint_markdown if lint_markdown else "")

    if repo is not None and target.head_sha:
        annotations = _annotations(report, culprits, ordered, runner.workspace)
        output = build_output(
            title(report),
            check_summary(report, len(annotations), change=change_words(comparison), culprits=culprits),
            full_markdown,
            runner.run_url,
        )
        url = _attempt(
            "check run",
            problems,
            runner.api_url,
            budget,
            lambda: publish_check_run(
                repo,
                name=inputs.check_name,
                head_sha=target.head_sha,
                conclusion=_conclusion(report, fail_on, len(annotations)),
                output=output,
                annotations=annotations,
            ),
        )
        links = replace(links, check_run_url=url)

    if repo is not None and pr_number is not None and inputs.comment != "off":
        issue = repo.get_issue(pr_number)
        lint_folded = (
            lint_section(ordered, lint.errors, runner.workspace, lint.skipped, folded=True) if lint else ""
        )
        # Room for the marker, a "finding gone" note and the footer: details give way first.
        room = COMMENT_LIMIT - len(lint_folded) - COMMENT_FRAME
        comment_markdown = render_markdown(
            report, replace(context, max_functions=COMMENT_FUNCTIONS, max_chars=room)
        )
        comment_full = comment_markdown + ("\n" + lint_folded if lint_folded else "")

        def render(previous: str | None) -> str:
            return public_markdown(
                compose_body(
                    check_name=inputs.check_name,
                    severity=severity,
                    report_markdown=comment_full,
                    footer=footer(links),
                    previous=previous,
                    full_report_url=runner.run_url,
                )
            )

        result = _attempt(
            "comment",
            problems,
            runner.api_url,
            budget,
            lambda: publish_comment(
                issue,
                check_name=inputs.check_name,
                mode=inputs.comment,
                has_finding=severity != "NONE" or bool(report.unreadable or (lint and lint.findings)),
                render=render,
            ),
        )
        links = replace(links, comment_url=result.url if result else None)

    fixes = advice.explain(
        problems, advice.read_only_reason(runner.event_name, runner.event, env.get("GITHUB_ACTOR", ""))
    )
    if gh is None and runner.repository:
        fixes.append("No github-token: connfail wrote only the job summary and outputs.")

    report_path = _write_report(runner, inputs.check_name, report)
    append_summary(runner.summary_path, step_summary(report_markdown, lint_markdown, links, fixes))
    failing = fail_on.met_by(severity)
    lint_commands = ordered if links.check_run_url is None else ()
    write_lines(capped(_commands(report, failing, fixes, lint_commands, runner.workspace)))
    # An unreadable input wins over the verdict: the verdict does not cover it.
    code = EXIT_INPUT if report.unreadable else 1 if failing else 0
    log(f"connfail: {title(report)}; fail-on {fail_on}: exit {code}")
    # Last, so that a failure before this point still gets outputs from `run`, once.
    write_outputs(
        runner.output_path,
        {
            "severity": severity,
            "failed-invocations": str(report.summary.failed_invocations),
            "report": str(report_path),
            "comment-url": links.comment_url or "",
            "check-run-url": links.check_run_url or "",
        },
    )
    return code


def _config(inputs: Inputs, runner: Runner) -> Config:
    path = Path(inputs.config) if inputs.config else None
    if path is not None and not path.is_absolute():
        path = runner.workspace / path
    config = load_config(path, search_from=runner.workspace)
    return replace(config, log_group=inputs.log_group) if inputs.log_group else config


def _commands(
    report: Any, failing: bool, fixes: Sequence[str], lint_findings: Sequence[Any], workspace: Path
) -> list[Command]:
    """One per finding, one per fix, and lint findings when no check run carries them."""
    commands = [
        Command("error", error_line(InputError(u.path, u.message)), title="connfail: input not read")
        for u in report.unreadable
    ]
    commands += [
        Command(
            "error" if failing else "warning", finding_message(f), title=f"connfail {f.severity}: {label(f)}"
        )
        for f in report.findings
    ]
    commands += [Command("warning", line, title="connfail could not publish") for line in fixes]
    commands += [
        Command(
            "warning",
            str(f.message),
            title=str(f.rule),
            file=lint_annotation(f, workspace).path,
            line=int(f.line),
            col=int(f.column) or None,
        )
        for f in lint_findings
    ]
    return commands


def _changed(repo: Repository, number: int, api_url: str, budget: WaitBudget) -> ChangedLines:
    """The lines the PR changed; a read that fails only loses the ordering, said in one line."""
    if budget.refused:
        return {}
    try:
        return changed_lines(repo, number)
    except API_ERRORS as exc:
        log(
            f"connfail: note: the PR's files could not be read ({describe(exc, api_url)}); "
            "lint findings are listed without regard to the lines it changed"
        )
        return {}


def _compare(
    repo: Repository | None, pr_number: int | None, target: Target, check_name: str, report: Any, api_url: str
) -> tuple[Comparison | None, str | None, str | None]:
    """This run against the base commit's digest: (comparison, what it is against, or why not).

    Only on a pull request: a push to the base branch is what later PRs compare with."""
    if repo is None or pr_number is None:
        return None, None, None
    try:
        base = find_base(repo, check_name=check_name, base_sha=target.base_sha, base_ref=target.base_ref)
    except API_ERRORS as exc:
        return None, None, f"the base commit's check runs could not be read: {describe(exc, api_url)}."
    if base.digest is None:
        return None, None, base.note
    analyzed = {function_label(fn.function, fn.source) for fn in report.functions}
    return compare(base.digest, report.digest, {public(name) for name in analyzed}), base.label, None


def _annotations(
    report: Any, culprits: Mapping[str, Culprit], findings: Sequence[Any], workspace: Path
) -> list[Annotation]:
    """Culprit call sites first, titled with the function they likely broke; then the rest."""
    marked: dict[tuple[str, int, str], tuple[str, Culprit]] = {}
    for f in report.findings:
        culprit = culprits.get(label(f))
        if culprit is not None:
            for s in culprit.sites:
                marked.setdefault((s.path, s.line, s.rule), (label(f), culprit))
    first: list[Annotation] = []
    rest: list[Annotation] = []
    for finding in findings:
        note = lint_annotation(finding, workspace)
        hit = marked.get((note.path, note.line, str(finding.rule)))
        if hit is None:
            rest.append(note)
            continue
        name, culprit = hit
        d = culprit.destination
        where = with_service(destination(d.host, d.port), d.service)
        waited = (
            f" {culprit.invocations} failing invocations of {name} each waited ~{culprit.waited_s:.0f} s."
            if culprit.waited_s is not None
            else ""
        )
        first.append(
            replace(
                note,
                level="failure",
                title=f"connfail: likely culprit of {name}'s {d.category} to {where}",
                message=f"{note.message}.{waited}",
            )
        )
    return first + rest


def _client(inputs: Inputs, runner: Runner, budget: WaitBudget) -> Github | None:
    if not inputs.token or not runner.repository:
        return None
    return connect(inputs.token, runner.api_url, retry=default_retry(budget))


def _lint(inputs: Inputs, runner: Runner, config: Config) -> Any:
    if not inputs.lint:
        return None
    from checker.lint.run import lint_paths

    paths = expand(inputs.lint, runner.workspace)
    if not paths:  # like `exports`: a glob for files a branch does not have yet is no error
        message = f"lint: no file matches {', '.join(inputs.lint)}; nothing linted"
        print_command(Command("warning", message, title="connfail"))
        return None
    root = Path(config.source).parent if config.source else Path(runner.workspace)
    return lint_paths(paths, config.lint, root=root)


def _pr_number(
    target: Target,
    exports: Exports,
    repo: Repository | None,
    problems: list[advice.Problem],
    api_url: str,
    budget: WaitBudget,
) -> int | None:
    """The event's PR, or the artifact's if its head is the tested commit (a fork could lie)."""
    if target.pr_number is not None or not target.pr_from_artifact_allowed:
        return target.pr_number
    if exports.pr_number is None or repo is None:
        return None
    number = exports.pr_number
    head = _attempt("PR lookup", problems, api_url, budget, lambda: repo.get_pull(number).head.sha)
    if head is None:
        return None
    if head != target.head_sha:
        problems.append(
            advice.Problem(
                "comment",
                f"the artifact names PR #{number}, whose head is {head[:7]}, not the "
                f"tested commit {target.head_sha[:7]}: not commenting",
                forbidden=False,
            )
        )
        return None
    return number


def _attempt(
    what: str, problems: list[advice.Problem], api_url: str, budget: WaitBudget, call: Callable[[], T]
) -> T | None:
    """Run one API write; a failure is recorded, not raised: the step still reports."""
    if budget.refused:  # GitHub asked for a wait beyond the cap: later calls would meet it too
        problems.append(advice.Problem(what, f"skipped after {budget.refused[0]}", forbidden=False))
        return None
    try:
        return call()
    except API_ERRORS as exc:
        problems.append(advice.Problem(what, describe(exc, api_url), is_not_accessible(exc)))
        return None


def _conclusion(report: Any, fail_on: FailOn, lint_findings: int) -> str:
    severity = report.summary.severity
    if fail_on.met_by(severity) or report.unreadable:  # as the step's exit code
        return "failure"
    if severity != "NONE" or lint_findings:
        return "neutral"
    return "success"


def _write_report(runner: Runner, check_name: str, report: Report) -> Path:
    """The `report` output: the report in REPORT_FORMAT, in the runner's temporary folder."""
    renderer = RENDERERS[REPORT_FORMAT]
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", check_name).strip("-") or "connfail"
    path = runner.temp / f"{slug}-report{renderer.extension}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, renderer(report), renderer.kind)
    except OSError as exc:
        raise InputError(str(path), f"cannot write the report: {exc.strerror}") from None
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(argparse.Namespace()))
