"""Print, per output face, how many secret classes of the corpus leak (the numbers for the PR).

Each corpus line runs alone (its own export, so it is the primary error that every face
shows), in-process, through the CLI and through the Action with a writable and a read-only
token.   python tests/security/measure_leaks.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the checkout's root

from tests.github.fake_github import FakeGitHub
from tests.security import corpus
from tests.security.faces import action_faces, cli_faces


def faces_for(case: corpus.Case, tmp: Path) -> dict[str, str]:
    tmp.mkdir()
    path = corpus.write_exports(tmp / "exports", [case])
    faces = cli_faces([str(path)], subprocess=False)
    with FakeGitHub() as fake:
        faces.update(action_faces(fake, tmp / "rw", exports=str(path), subprocess=False))
    with FakeGitHub() as fake:
        fake.state.read_only = True
        faces["job log (read-only token)"] = action_faces(
            fake, tmp / "ro", exports=str(path), subprocess=False
        )["job log"]
    return faces


def main() -> None:
    cases = corpus.cases()
    classes = sorted({c.cls for c in cases})
    leaked: dict[str, set[str]] = defaultdict(set)
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            for face, found in corpus.leaks([case], faces_for(case, Path(tmp) / str(case.index))).items():
                leaked[face].update(found)
    print(f"{len(classes)} secret classes, {len(cases)} corpus lines; classes leaking per face:")
    for face, leaking in leaked.items():
        print(f"  {face:27} {len(leaking):2}/{len(classes)}  {', '.join(sorted(leaking))}")


if __name__ == "__main__":
    main()
