"""The committed lint verdict table (bench/lint/verdicts.csv) stays well-formed.

The benchmark itself needs the downloaded corpus and is run by hand (`python bench/lint/run.py
precision`); this checks only what a hand edit of the table can break: its header, one row per
finding key, a true/false verdict and a specific why on every row, packages that the corpus pins.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "bench" / "lint" / "verdicts.csv"


def _module(name: str) -> ModuleType:
    """bench/lint/NAME.py, which is a script folder, not a package."""
    sys.path.insert(0, str(ROOT / "bench" / "lint"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "lint" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules.setdefault(name, module)  # dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "bench" / "lint"))


def _rows() -> list[dict[str, str]]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_header_is_the_documented_one() -> None:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["ecosystem", "package", "path", "line", "rule", "library", "verdict", "why"]


def test_every_row_has_a_verdict_and_a_specific_why() -> None:
    bad = []
    for number, row in enumerate(_rows(), start=2):
        problems = []
        if row["ecosystem"] not in ("py", "npm"):
            problems.append(f"ecosystem {row['ecosystem']!r}")
        if row["verdict"] not in ("true", "false"):
            problems.append(f"verdict {row['verdict']!r}")
        if len(row["why"].strip()) < 20 or "\n" in row["why"]:
            problems.append(f"why {row['why']!r} (one specific line wanted)")
        if not re.fullmatch(r"CF1\d\d", row["rule"]):
            problems.append(f"rule {row['rule']!r}")
        if not row["line"].isdigit() or int(row["line"]) < 1:
            problems.append(f"line {row['line']!r}")
        path = row["path"]
        if not path or path.startswith("/") or ".." in path.split("/") or "\\" in path:
            problems.append(f"path {path!r} (relative to the package, with /)")
        if problems:
            bad.append(f"verdicts.csv:{number}: " + "; ".join(problems))
    assert bad == []


def test_keys_are_unique() -> None:
    seen: dict[tuple[str, str, str, str], int] = {}
    duplicates = []
    for number, row in enumerate(_rows(), start=2):
        key = (row["package"], row["path"], row["line"], row["rule"])
        if key in seen:
            duplicates.append(f"verdicts.csv:{number} repeats line {seen[key]}: {key}")
        seen.setdefault(key, number)
    assert duplicates == []


def test_packages_are_pinned_in_the_corpus() -> None:
    corpus = _module("lint_corpus")
    pinned = {("py", p.key) for p in corpus.PYPI} | {("npm", p.key) for p in corpus.NPM}
    unknown = sorted({(r["ecosystem"], r["package"]) for r in _rows()} - pinned)
    assert unknown == []


def test_corpus_pins_exact_versions_once() -> None:
    corpus = _module("lint_corpus")
    for packages in (corpus.PYPI, corpus.NPM):
        names = [p.name for p in packages]
        assert len(names) == len(set(names))
        assert all(re.fullmatch(r"\d+(\.\d+)*", p.version) for p in packages), packages


def test_update_round_trip_keeps_rows_and_order(tmp_path: Path) -> None:
    run = _module("run")
    rows = [
        {
            "ecosystem": "npm",
            "package": "pg@8.23.1",
            "path": "lib/client.js",
            "line": "9",
            "rule": "CF101",
            "library": "pg",
            "verdict": "true",
            "why": "pg Client with no timeout",
        },
        {
            "ecosystem": "py",
            "package": "requests@2.34.2",
            "path": "a.py",
            "line": "10",
            "rule": "CF101",
            "library": "requests",
            "verdict": "false",
            "why": "never connects: responses serves it",
        },
        {
            "ecosystem": "py",
            "package": "requests@2.34.2",
            "path": "a.py",
            "line": "2",
            "rule": "CF101",
            "library": "requests",
            "verdict": "",
            "why": "",
        },
    ]
    table = tmp_path / "verdicts.csv"
    run.write_table(rows, table)
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "ecosystem,package,path,line,rule,library,verdict,why",
        "py,requests@2.34.2,a.py,2,CF101,requests,,",
        "py,requests@2.34.2,a.py,10,CF101,requests,false,never connects: responses serves it",
        "npm,pg@8.23.1,lib/client.js,9,CF101,pg,true,pg Client with no timeout",
    ]
    assert run.read_table(table)[("requests@2.34.2", "a.py", 10, "CF101")]["verdict"] == "false"


def test_committed_table_is_in_canonical_order(tmp_path: Path) -> None:
    """`precision --update` rewrites the table sorted; a hand edit keeps that order (small diffs)."""
    run = _module("run")
    rewritten = tmp_path / "verdicts.csv"
    run.write_table(run.read_table(TABLE).values(), rewritten)
    assert rewritten.read_text(encoding="utf-8") == TABLE.read_text(encoding="utf-8")
