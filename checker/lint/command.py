"""`connfail lint`: flags override the config file; exit 0 clean, 1 findings, 2 usage or input.

A file read but not analyzed (syntax the parser does not know) is a warning: exit 0 unless
`--strict`. A file that cannot be read at all is an error: exit 2 when there is no finding.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from checker.config import LintSettings, load_config
from checker.constants import DEFAULT_MAX_CONNECT_TIMEOUT
from checker.errors import EXIT_INPUT, ConfigError, InputError, one_line
from checker.lint.files import Excludes
from checker.lint.model import skipped_note
from checker.lint.render import RENDERERS
from checker.lint.run import enabled_rules, lint_paths
from checker.sink import emit, say


def _rule_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in text.split(",") if part.strip())


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", default=["."], help="files and folders to lint (default: .)"
    )
    parser.add_argument(
        "--format",
        choices=tuple(RENDERERS),
        default="text",
        help="text (path:line:col: RULE message), json, sarif or github",
    )
    parser.add_argument(
        "--max-connect-timeout",
        type=_positive,
        metavar="SECONDS",
        help=f"longest acceptable connect timeout (default: {DEFAULT_MAX_CONNECT_TIMEOUT:g}, "
        "or the config's)",
    )
    parser.add_argument(
        "--select",
        type=_rule_list,
        action="extend",
        metavar="RULE,...",
        help="only these rules or rule prefixes (repeatable)",
    )
    parser.add_argument(
        "--ignore",
        type=_rule_list,
        action="extend",
        metavar="RULE,...",
        help="skip these rules or rule prefixes (repeatable)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="pyproject.toml or .connfail.yml (default: the nearest one)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 2 also when a file could not be analyzed (a warning otherwise)",
    )


def settings_from(args: argparse.Namespace) -> tuple[LintSettings, Path | None]:
    """The config file's [lint] settings with every given flag laid over them, and its folder."""
    if args.config is not None:
        config = load_config(Path(args.config))
    else:
        config = load_config(None, search_from=Path.cwd())
    settings = config.lint
    overrides: dict[str, object] = {}
    if args.max_connect_timeout is not None:
        overrides["max_connect_timeout"] = args.max_connect_timeout
    if args.select is not None:
        overrides["select"] = tuple(args.select)
    if args.ignore is not None:
        overrides["ignore"] = tuple(args.ignore)
    root = Path(config.source).resolve().parent if config.source else None
    try:  # an invalid pattern is the config file's error, said before any file is read
        Excludes(settings.exclude, root or Path.cwd(), settings.vendored, settings.tests)
    except ConfigError as exc:
        raise ConfigError(config.source or exc.path, f"{exc.path}: {exc.reason}") from None
    return dataclasses.replace(settings, **overrides), root  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    settings, root = settings_from(args)
    enabled_rules(settings.select, settings.ignore)  # unknown ids are a usage error, before work
    for raw in args.paths:
        if not Path(raw).exists():
            raise InputError(raw, "no such file or directory")
    result = lint_paths(args.paths, settings, root=root)
    renderer = RENDERERS[args.format]
    emit(renderer(result), renderer.kind)
    if args.format in ("text", "github"):
        for error in result.errors:
            say(f"connfail: {one_line(f'{error.path}: {error.reason}')}")
        if result.skipped:
            say(f"connfail: note: {skipped_note(result.skipped)}")
    if args.format == "text" and (result.findings or result.errors):
        say(f"connfail: {len(result.findings)} finding(s) in {result.files} file(s)")
    if result.findings:
        return 1
    return EXIT_INPUT if result.failed(args.strict) else 0
