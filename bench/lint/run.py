"""Lint benchmark: connfail lint next to ruff S113, bandit B113, pylint W3101, semgrep, ast.parse.

    python bench/lint/run.py [--runs 3] [--skip-install]

Installs the corpus (botocore, django, requests, urllib3, httpx, aiohttp) and the other linters
into a throwaway venv under bench/out/lint/ (gitignored; the other linters never enter connfail's
own dependencies), copies the packages' sources to bench/out/lint/corpus/, times every tool on
the same files (median wall time of --runs, one process, one thread each), prints a Markdown
table and lists any call Ruff S113 reports that connfail does not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out" / "lint"
VENV = OUT / "venv"
CORPUS = OUT / "corpus"
PACKAGES = ("botocore", "django", "requests", "urllib3", "httpx", "aiohttp")
TOOLS = ("ruff", "bandit", "pylint", "semgrep")
PARSE_ALL = (
    "import ast, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
    "    try:\n        ast.parse(p.read_bytes())\n"
    "    except (SyntaxError, ValueError):\n        pass\n"
)


def venv_bin(name: str) -> Path:
    return VENV / "bin" / name


def install() -> None:
    if not VENV.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(venv_bin("python")), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, *PACKAGES, "ruff", "bandit", "pylint"], check=True)
    semgrep = subprocess.run([*pip, "semgrep"], check=False)
    if semgrep.returncode != 0:
        print("semgrep could not be installed; its row is left out", file=sys.stderr)


def build_corpus() -> tuple[int, int]:
    site = subprocess.run(
        [str(venv_bin("python")), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    shutil.rmtree(CORPUS, ignore_errors=True)
    for package in PACKAGES:
        for source in sorted((Path(site) / package).rglob("*.py")):  # Python sources only
            target = CORPUS / package / source.relative_to(Path(site) / package)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    files = sorted(CORPUS.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    return len(files), lines


def versions() -> dict[str, str]:
    script = ("import importlib.metadata as m, json, sys\n"
              "out = {}\n"
              "for n in sys.argv[1:]:\n"
              "    try: out[n] = m.version(n)\n"
              "    except m.PackageNotFoundError: pass\n"
              "print(json.dumps(out))")
    found = subprocess.run([str(venv_bin("python")), "-c", script, *PACKAGES, *TOOLS],
                           capture_output=True, text=True, check=True).stdout
    return dict(json.loads(found))


def commands() -> dict[str, list[str]]:
    corpus = str(CORPUS)
    table = {
        "connfail lint": [sys.executable, "-m", "checker", "lint", "--format", "json", corpus],
        "ruff --select S113 (1 thread)": [str(venv_bin("ruff")), "check", "--isolated",
                                          "--no-cache", "--select", "S113", "--output-format",
                                          "json", "--exit-zero", corpus],
        "bandit -t B113": [str(venv_bin("bandit")), "-q", "-r", "-t", "B113", "-f", "json",
                           corpus],
        "pylint W3101 only": [str(venv_bin("pylint")), "--disable=all",
                              "--enable=missing-timeout", "--output-format=json", "--jobs=1",
                              "--recursive=y", "--exit-zero", corpus],
        "semgrep (local rule)": [str(venv_bin("semgrep")), "scan", "--config",
                                 str(HERE / "semgrep-rule.yml"), "--metrics=off",
                                 "--disable-version-check", "--json", "-j", "1", "--quiet",
                                 corpus],
        "ast.parse of every file": [sys.executable, "-c", PARSE_ALL, corpus],
    }
    return {name: argv for name, argv in table.items() if Path(argv[0]).exists()}


def timed(argv: list[str]) -> tuple[float, str]:
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    start = time.perf_counter()
    run = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=OUT, check=False)
    elapsed = time.perf_counter() - start
    if run.returncode not in (0, 1):
        print(f"{argv[0]} exited {run.returncode}: {run.stderr[-500:]}", file=sys.stderr)
    return elapsed, run.stdout


def ruff_difference(ruff_json: str, connfail_json: str) -> list[str]:
    """Every call Ruff S113 reports must also be a connfail finding (same file and line)."""
    ours = {(str(Path(f["path"]).resolve()), f["line"])
            for f in json.loads(connfail_json)["findings"]}
    missed = []
    for item in json.loads(ruff_json):
        key = (str(Path(item["filename"]).resolve()), item["location"]["row"])
        if key not in ours:
            missed.append(f"{key[0]}:{key[1]}: {item['message']}")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-install", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.skip_install:
        install()
    files, lines = build_corpus()
    print(f"corpus: {files} files, {lines} lines ({', '.join(PACKAGES)})", file=sys.stderr)
    results: dict[str, dict[str, float]] = {}
    outputs: dict[str, str] = {}
    table = commands()
    times: dict[str, list[float]] = {name: [] for name in table}
    # Round-robin, so that a burst of load on the machine hits every tool alike.
    for round_number in range(args.runs):
        for name, command in table.items():
            elapsed, outputs[name] = timed(command)
            times[name].append(elapsed)
            print(f"round {round_number + 1}: {name}: {elapsed:.2f} s", file=sys.stderr)
    for name, samples in times.items():
        median = statistics.median(samples)
        results[name] = {"seconds": median, "lines_per_second": lines / median}
    connfail = outputs["connfail lint"]
    findings = json.loads(connfail)["findings"]
    missed = ruff_difference(outputs.get("ruff --select S113 (1 thread)", "[]"), connfail)
    report = {"files": files, "lines": lines, "versions": versions(), "results": results,
              "connfail_findings": len(findings),
              "ruff_s113_findings": len(json.loads(outputs.get(
                  "ruff --select S113 (1 thread)", "[]"))),
              "ruff_s113_not_in_connfail": missed}
    (OUT / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    base = results["connfail lint"]["seconds"]
    print(f"\n{files} files, {lines:,} lines; median of {args.runs} runs\n")
    print("| Tool | Seconds | Lines/second | vs connfail |")
    print("|---|---:|---:|---:|")
    for name, row in sorted(results.items(), key=lambda item: item[1]["seconds"]):
        print(f"| {name} | {row['seconds']:.2f} | {row['lines_per_second']:,.0f} | "
              f"{row['seconds'] / base:.1f}x |")
    print(f"\nconnfail findings: {len(findings)}; Ruff S113 findings: "
          f"{report['ruff_s113_findings']}; Ruff S113 calls connfail does not report: "
          f"{len(missed)}")
    for line in missed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
