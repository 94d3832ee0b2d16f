"""Lint benchmark on real code: precision against a classified table, recall against Ruff S113, speed.

    python bench/lint/run.py fetch                 # download the corpus (bench/lint/lint_corpus.py)
    python bench/lint/run.py precision [--update]  # re-lint, join with verdicts.csv, exit 1 if unclassified
    python bench/lint/run.py speed [--runs 3]      # connfail vs ruff S113 vs ast.parse; vs tree-sitter
    python bench/lint/run.py tools [--runs 3]      # the six-package comparison with bandit, pylint, semgrep

`precision` runs `python -m checker lint --format json` (this checkout) over the corpus, keys every
finding by (package@version, path, line, rule) and joins it with bench/lint/verdicts.csv, where
each finding ever seen carries a verdict (true/false) and a one-line why, decided by reading the
code around it. It prints precision (true / classified) per ecosystem, the false positives by
cause, every NEW finding (not in the table: classify it), and every GONE row (in the table, no
longer reported: a fixed false positive, or a lost true positive). It exits 1 while a finding is
unclassified. `--update` rewrites the table in the same pass: GONE rows dropped, NEW rows added
with an empty verdict to fill in. It also runs Ruff S113 on the Python corpus and lists every
call Ruff reports that connfail does not (same file and line).

Nothing here runs in CI (.ci/run): the corpus is ~80 MB of downloads. tests/bench/ checks the
committed table's format.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import lint_corpus as corpus  # noqa: E402  (bench/lint/lint_corpus.py, next to this file)

OUT = corpus.OUT
VERDICTS = HERE / "verdicts.csv"
FIELDS = ("ecosystem", "package", "path", "line", "rule", "library", "verdict", "why")
VERDICT_VALUES = ("true", "false")
ECOSYSTEMS = ("py", "npm")
Key = tuple[str, str, int, str]  # package@version, path in the package, line, rule

PARSE_PY = (
    "import ast, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
    "    try:\n        ast.parse(p.read_bytes())\n"
    "    except (SyntaxError, ValueError):\n        pass\n"
)
# The grammars connfail uses, on the files it would read (.d.ts declarations are skipped there).
PARSE_JS = (
    "import pathlib, sys\n"
    "import tree_sitter as ts, tree_sitter_javascript as tsj, tree_sitter_typescript as tst\n"
    "js = ts.Parser(ts.Language(tsj.language()))\n"
    "tsp = ts.Parser(ts.Language(tst.language_typescript()))\n"
    "tsx = ts.Parser(ts.Language(tst.language_tsx()))\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')):\n"
    "    n = p.name\n"
    "    if n.endswith(('.d.ts', '.d.mts', '.d.cts')) or not p.is_file():\n        continue\n"
    "    if n.endswith(('.ts', '.mts', '.cts')):\n        tsp.parse(p.read_bytes())\n"
    "    elif n.endswith('.tsx'):\n        tsx.parse(p.read_bytes())\n"
    "    elif n.endswith(('.js', '.mjs', '.cjs', '.jsx')):\n        js.parse(p.read_bytes())\n"
)


# --- the table ---------------------------------------------------------------------------------


def read_table(path: Path = VERDICTS) -> dict[Key, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[Key, dict[str, str]] = {}
    for row in rows:
        table[(row["package"], row["path"], int(row["line"]), row["rule"])] = row
    return table


def write_table(rows: Iterable[dict[str, str]], path: Path = VERDICTS) -> None:
    ordered = sorted(
        rows,
        key=lambda r: (r["ecosystem"] != "py", r["package"].lower(), r["path"], int(r["line"]), r["rule"]),
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: str(row.get(k, "")) for k in FIELDS} for row in ordered)


# --- running connfail over the corpus ----------------------------------------------------------


def package_names() -> dict[str, str]:
    """Corpus folder name -> package@version as the table spells it."""
    return {p.folder: p.key for p in (*corpus.PYPI, *corpus.NPM)}


ALL_CODE = OUT / "lint-all-code.yml"  # a config that lints test code too (lint.tests = [])


def lint(ecosystem: str, with_tests: bool = True) -> tuple[dict[Key, dict[str, str]], dict[str, object]]:
    """Every finding of this checkout's linter on one half of the corpus, keyed like the table.

    `with_tests` lints test code too (the table classifies every finding of that run); without
    it, the linter runs as users get it, test code skipped (`lint.tests`' default)."""
    folder = corpus.CORPUS / ecosystem
    if not folder.is_dir():
        raise SystemExit(f"{folder} is missing: run `python bench/lint/run.py fetch` first")
    config: list[str] = []
    if with_tests:
        ALL_CODE.write_text("lint:\n  tests: []\n", encoding="utf-8")
        config = ["--config", str(ALL_CODE)]
    run = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--format", "json", *config, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"connfail lint exited {run.returncode}: {run.stderr[-2000:]}")
    document = json.loads(run.stdout)
    names = package_names()
    found: dict[Key, dict[str, str]] = {}
    for finding in document["findings"]:
        relative = Path(finding["path"]).resolve().relative_to(folder.resolve())
        package = names.get(relative.parts[0], relative.parts[0])
        key = (package, "/".join(relative.parts[1:]), int(finding["line"]), finding["rule"])
        found[key] = {
            "ecosystem": ecosystem,
            "package": package,
            "path": key[1],
            "line": str(key[2]),
            "rule": key[3],
            "library": finding["library"],
            "message": finding["message"],
        }
    summary = {
        "files": document["files"],
        "errors": len(document["errors"]),
        "skipped": len(document.get("skipped", [])),
    }
    return found, summary


# Ruff's S113 alone, on one thread, reporting as JSON: the recall reference and the speed row.
RUFF_S113 = [
    sys.executable,
    "-m",
    "ruff",
    "check",
    "--isolated",
    "--no-cache",
    "--select",
    "S113",
    "--output-format",
    "json",
    "--exit-zero",
]


def ruff_misses(found: dict[Key, dict[str, str]]) -> tuple[int, list[str]]:
    """Ruff S113 calls on the Python corpus that connfail does not report (same file, same line)."""
    folder = corpus.CORPUS / "py"
    run = subprocess.run(
        [*RUFF_S113, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        print(f"ruff could not run ({run.stderr.strip()[:200]}); recall left out", file=sys.stderr)
        return 0, []
    names = package_names()
    ours = {(k[0], k[1], k[2]) for k in found}
    items = json.loads(run.stdout)
    missed = []
    for item in items:
        relative = Path(item["filename"]).resolve().relative_to(folder.resolve())
        package = names.get(relative.parts[0], relative.parts[0])
        path, line = "/".join(relative.parts[1:]), int(item["location"]["row"])
        if (package, path, line) not in ours:
            missed.append(f"{package} {path}:{line}: {item['message']}")
    return len(items), missed


def _precision_table(title: str, found: dict[Key, dict[str, str]], table: dict[Key, dict[str, str]]) -> None:
    print(f"\n{title}\n\n| Corpus | Findings | Classified | True | False | Precision |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, keep in (("Python", "py"), ("JS/TS", "npm"), ("All", None)):
        keys = [k for k, f in found.items() if keep is None or f["ecosystem"] == keep]
        rated = [table[k]["verdict"] for k in keys if k in table and table[k]["verdict"] in VERDICT_VALUES]
        true = rated.count("true")
        share = f"{100 * true / len(rated):.1f} %" if rated else "-"
        print(f"| {label} | {len(keys)} | {len(rated)} | {true} | {len(rated) - true} | {share} |")


def precision(update: bool = False, table_path: Path = VERDICTS) -> int:
    """The table covers every finding of a run that lints test code too; the default run (tests
    skipped, as users get it) is a subset of it, measured from the same verdicts."""
    table = read_table(table_path)
    found: dict[Key, dict[str, str]] = {}
    default: dict[Key, dict[str, str]] = {}
    for ecosystem in ECOSYSTEMS:
        part, summary = lint(ecosystem)
        found.update(part)
        print(
            f"{ecosystem}, test code included: {summary['files']:,} files linted, {len(part)} "
            f"findings, {summary['errors']} not analyzed, {summary['skipped']} vendored/minified skipped"
        )
        part, summary = lint(ecosystem, with_tests=False)
        default.update(part)
        print(
            f"{ecosystem}, as users run it: {summary['files']:,} files linted, {len(part)} "
            f"findings, {summary['skipped']} test/vendored/minified paths skipped"
        )
    new = sorted(k for k in found if k not in table or table[k]["verdict"] not in VERDICT_VALUES)
    gone = sorted(k for k in table if k not in found)
    _precision_table("As users run it (lint.tests default: test code skipped)", default, table)
    _precision_table("All code, test code included (lint.tests = [])", found, table)
    causes = Counter(table[k]["why"] for k in found if k in table and table[k]["verdict"] == "false")
    if causes:
        print("\nFalse positives by cause (why):")
        for why, count in causes.most_common():
            print(f"  {count:4}  {why}")
    print(f"\nNEW (unclassified) findings: {len(new)}")
    for key in new:
        f = found[key]
        print(f"  {key[0]} {key[1]}:{key[2]} {key[3]} {f['library']}: {f['message']}")
    lost = [k for k in gone if table[k]["verdict"] == "true"]
    print(
        f"GONE rows: {len(gone)} ({len(gone) - len(lost)} false positives fixed, {len(lost)} "
        f"true positives no longer reported)"
    )
    for key in gone:
        row = table[key]
        print(f"  {row['verdict']:5} {key[0]} {key[1]}:{key[2]} {key[3]}: {row['why']}")
    total, missed = ruff_misses(found)
    print(f"\nRuff S113 on the Python corpus: {total} calls; connfail does not report {len(missed)}")
    for line in missed:
        print(f"  {line}")
    if update:
        rows = [dict(table[k]) for k in table if k in found]
        for key in new:
            if key not in table:
                rows.append({**found[key], "verdict": "", "why": ""})
        write_table(rows, table_path)
        print(
            f"\n{table_path}: {len(gone)} GONE rows dropped, "
            f"{sum(k not in table for k in new)} NEW rows added without a verdict"
        )
    return 1 if new else 0


# --- speed -------------------------------------------------------------------------------------


def timed(argv: list[str], cwd: Path = ROOT) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds and CPU seconds (user + system) of one child run.

    On a shared machine the wall time follows the other sessions' load; the CPU time much less.
    """
    env = {**os.environ, "RAYON_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode not in (0, 1):
        print(f"{argv[:4]} exited {run.returncode}: {run.stderr[-500:]}", file=sys.stderr)
    return elapsed, cpu, run


def speed(runs: int) -> int:
    py, js = corpus.CORPUS / "py", corpus.CORPUS / "npm"
    for folder in (py, js):
        if not folder.is_dir():
            raise SystemExit(f"{folder} is missing: run `python bench/lint/run.py fetch` first")
    lint_cmd = [sys.executable, "-m", "checker", "lint", "--format", "json"]
    groups = {
        "Python": {
            "connfail lint": [*lint_cmd, str(py)],
            "ruff --select S113 (1 thread)": [*RUFF_S113, str(py)],
            "ast.parse of every file": [sys.executable, "-c", PARSE_PY, str(py)],
        },
        "JS/TS": {
            "connfail lint": [*lint_cmd, str(js)],
            "tree-sitter parse of every file": [sys.executable, "-c", PARSE_JS, str(js)],
        },
    }
    declarations = sum(1 for p in js.rglob("*.d.*ts") if p.is_file())  # the linter skips them
    counts = {"Python": corpus.count_files(py, "py"), "JS/TS": corpus.count_files(js, "npm") - declarations}
    walls: dict[tuple[str, str], list[float]] = {(g, n): [] for g, t in groups.items() for n in t}
    cpus: dict[tuple[str, str], list[float]] = {key: [] for key in walls}
    for round_number in range(runs):  # round-robin, so a burst of load hits every tool alike
        for group, tools in groups.items():
            for name, argv in tools.items():
                elapsed, cpu, _ = timed(argv)
                walls[(group, name)].append(elapsed)
                cpus[(group, name)].append(cpu)
                print(
                    f"round {round_number + 1}: {group}: {name}: {elapsed:.2f} s wall, {cpu:.2f} s CPU",
                    file=sys.stderr,
                )
    print(f"\nMedian of {runs} runs, one process and one thread each.\n")
    print("| Corpus | Tool | Wall s | CPU s | CPU vs connfail |")
    print("|---|---|---:|---:|---:|")
    for group in groups:
        base = statistics.median(cpus[(group, "connfail lint")])
        for name in groups[group]:
            wall, cpu = statistics.median(walls[(group, name)]), statistics.median(cpus[(group, name)])
            print(
                f"| {group} ({counts[group]:,} files) | {name} | {wall:.2f} | {cpu:.2f} | {cpu / base:.2f}x |"
            )
    return 0


# --- the six-package tool comparison (bandit, pylint, semgrep in a throwaway venv) -------------

TOOLS_VENV = OUT / "venv"
TOOLS_CORPUS = OUT / "site-corpus"
TOOLS_PACKAGES = ("botocore", "django", "requests", "urllib3", "httpx", "aiohttp")


def tools(runs: int, skip_install: bool) -> int:
    """connfail next to ruff S113, bandit B113, pylint W3101 and semgrep on six installed packages."""
    bin_ = TOOLS_VENV / "bin"
    if not skip_install:
        if not TOOLS_VENV.exists():
            subprocess.run([sys.executable, "-m", "venv", str(TOOLS_VENV)], check=True)
        pip = [str(bin_ / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *TOOLS_PACKAGES, "ruff", "bandit", "pylint"], check=True)
        if subprocess.run([*pip, "semgrep"], check=False).returncode != 0:
            print("semgrep could not be installed; its row is left out", file=sys.stderr)
    site = subprocess.run(
        [str(bin_ / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shutil.rmtree(TOOLS_CORPUS, ignore_errors=True)
    for package in TOOLS_PACKAGES:
        for source in sorted((Path(site) / package).rglob("*.py")):
            copy = TOOLS_CORPUS / package / source.relative_to(Path(site) / package)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    files = sorted(TOOLS_CORPUS.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    target = str(TOOLS_CORPUS)
    table: dict[str, list[str]] = {
        "connfail lint": [sys.executable, "-m", "checker", "lint", "--format", "json", target],
        "ruff --select S113 (1 thread)": [
            str(bin_ / "ruff"),
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "S113",
            "--output-format",
            "json",
            "--exit-zero",
            target,
        ],
        "bandit -t B113": [str(bin_ / "bandit"), "-q", "-r", "-t", "B113", "-f", "json", target],
        "pylint W3101 only": [
            str(bin_ / "pylint"),
            "--disable=all",
            "--enable=missing-timeout",
            "--output-format=json",
            "--jobs=1",
            "--recursive=y",
            "--exit-zero",
            target,
        ],
        "semgrep (local rule)": [
            str(bin_ / "semgrep"),
            "scan",
            "--config",
            str(HERE / "semgrep-rule.yml"),
            "--metrics=off",
            "--disable-version-check",
            "--json",
            "-j",
            "1",
            "--quiet",
            target,
        ],
        "ast.parse of every file": [sys.executable, "-c", PARSE_PY, target],
    }
    table = {
        name: argv for name, argv in table.items() if argv[0] == sys.executable or Path(argv[0]).exists()
    }
    times: dict[str, list[float]] = {name: [] for name in table}
    for _ in range(runs):
        for name, argv in table.items():
            elapsed, _cpu, _run = timed(argv, cwd=OUT)
            times[name].append(elapsed)
    base = statistics.median(times["connfail lint"])
    print(f"\n{len(files)} files, {lines:,} lines ({', '.join(TOOLS_PACKAGES)}); median of {runs}\n")
    print("| Tool | Seconds | Lines/second | vs connfail |")
    print("|---|---:|---:|---:|")
    for name, samples in sorted(times.items(), key=lambda item: statistics.median(item[1])):
        median = statistics.median(samples)
        print(f"| {name} | {median:.2f} | {lines / median:,.0f} | {median / base:.1f}x |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download and unpack the corpus")
    prec = sub.add_parser("precision", help="re-lint, join with verdicts.csv, recall vs Ruff S113")
    prec.add_argument(
        "--update",
        action="store_true",
        help="drop GONE rows and add NEW rows (empty verdict) to verdicts.csv",
    )
    prec.add_argument("--table", type=Path, default=VERDICTS)
    for name in ("speed", "tools"):
        p = sub.add_parser(name)
        p.add_argument("--runs", type=int, default=3)
        if name == "tools":
            p.add_argument("--skip-install", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return corpus.fetch()
    if args.command == "precision":
        return precision(args.update, args.table)
    if args.command == "speed":
        return speed(args.runs)
    return tools(args.runs, args.skip_install)


if __name__ == "__main__":
    raise SystemExit(main())
