"""`connfail` command line: argparse only; every subcommand runs core functions."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from checker.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    InputError,
    debug_requested,
    error_line,
    internal_error_line,
)
from checker.render import RENDERERS
from checker.sink import emit, say, say_traceback
from checker.vocab import FailOn

# Subcommands whose arguments live with their face; imported only when chosen, since PyGithub
# and tree-sitter take longer to import than a small analysis takes to run.
_LAZY = {
    "lint": "checker.lint.command",
    "action": "checker.github.command",
    "collect": "checker.collect.command",
}


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata is slow)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import checker

        emit(f"connfail {checker.__version__}\n")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; `command` (the subcommand about to run) gets its arguments loaded."""
    parser = argparse.ArgumentParser(
        prog="connfail",
        description="Find AWS Lambda connection failures in CloudWatch Logs exports.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Every subcommand takes --debug: a user adds it at the end of the line that failed.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback of an internal error (or set CONNFAIL_DEBUG=1)",
    )

    analyze = sub.add_parser(
        "analyze", parents=[common], help="report connection failures found in log exports"
    )
    analyze.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        default=["-"],
        help="export file, directory, .zip, .gz, or - for stdin (default: -)",
    )
    analyze.add_argument("--format", choices=tuple(RENDERERS), default="text")
    analyze.add_argument("--output", metavar="FILE", help="write the report here, not stdout")
    analyze.add_argument(
        "--fail-on",
        choices=FailOn.values(),
        default=None,
        help="lowest severity that exits 1 (default: high, or the config's)",
    )
    analyze.add_argument(
        "--config", metavar="FILE", help="pyproject.toml or .connfail.yml (default: the nearest one)"
    )
    analyze.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print errors only: no report on stdout (the exit code is the "
        "verdict; --output still writes), no notes, no progress",
    )
    analyze.add_argument(
        "--log-group",
        metavar="GROUP",
        help="log group of exports that do not name theirs (filter-log-events, "
        "get-log-events, S3 exports), e.g. /aws/lambda/orders-api",
    )
    analyze.add_argument(
        "--network",
        metavar="DIR",
        help="folder of describe-* JSON (an evidence folder's network/): name the "
        "network cause of each failure (docs/network.md)",
    )
    analyze.add_argument(
        "--flowlogs",
        metavar="PATH",
        help="VPC Flow Logs exports (filter-log-events JSON or S3 .log.gz), "
        "with --network or an evidence folder",
    )
    analyze.set_defaults(run=_run_analyze, load="checker.analyze")

    validate = sub.add_parser(
        "validate", parents=[common], help="check exports against connfail's JSON Schemas"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--config", metavar="FILE")
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, not a line per valid file"
    )
    validate.set_defaults(run=_run_validate, load="checker.analyze")

    helps = {
        "lint": "flag client code with no or too long connect timeout",
        "action": "the GitHub Action entry point (reads INPUT_* variables)",
        "collect": "fetch a function's logs and network evidence from AWS, read-only (boto3)",
    }
    for name, module_name in _LAZY.items():
        face = sub.add_parser(name, parents=[common], help=helps[name])
        if name == command:
            module = importlib.import_module(module_name)
            module.add_arguments(face)
            face.set_defaults(run=module.run, load=module_name)
    return parser


def _run_analyze(args: argparse.Namespace) -> int:
    from checker.analyze import run_analyze

    return run_analyze(
        args.paths,
        fmt=args.format,
        output=args.output,
        fail_on=FailOn(args.fail_on) if args.fail_on else None,
        config_path=args.config,
        log_group=args.log_group,
        quiet=args.quiet,
        network=args.network,
        flowlogs=args.flowlogs,
    )


def _run_validate(args: argparse.Namespace) -> int:
    from checker.analyze import run_validate

    return run_validate(args.paths, config_path=args.config, quiet=args.quiet)


GC_YOUNG_THRESHOLD = 10_000  # allocations between two young-generation collections


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in arguments if not a.startswith("-")), None)
    starting = argv is None  # the process's own start, not a call from Python code (tests)
    if starting:
        # Loading the modules allocates objects by the hundred thousand and frees few: the
        # collections the allocations would trigger cost ~4 % of a small run (issue 14).
        gc.disable()
    args = build_parser(command).parse_args(arguments)
    try:
        if starting:
            importlib.import_module(args.load)  # the subcommand's code, while collection waits
            gc.freeze()  # what start-up loaded stays for the whole run: later collections skip it
            gc.enable()
            # A large export makes and frees an object or more per invocation, almost none in
            # cycles: collecting every 700 allocations cost 3-5 % of a 100 MB run, every
            # GC_YOUNG_THRESHOLD the same peak memory (bench/README.md, issue 14).
            gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        code: int = args.run(args)
    except InputError as exc:
        say(f"connfail: {error_line(exc)}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return internal_error(exc, debug=args.debug)
    return code


def internal_error(exc: BaseException, *, debug: bool) -> int:
    """A bug, not a finding: one line on stderr (the traceback with --debug), exit 3."""
    if debug_requested(debug):
        say_traceback(exc)
    say(f"connfail: {internal_error_line(exc)}")
    return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
