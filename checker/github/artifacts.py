"""Workflow-run artifacts: list, pick by name or glob, download without the token, unzip safely."""

from __future__ import annotations

import fnmatch
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from github.Artifact import Artifact
from github.PaginatedList import PaginatedList
from github.Requester import Requester

from checker.errors import InputError, shorten
from checker.github.client import (
    BadAnswer,
    WaitBudget,
    WaitTooLong,
    answer,
    describe,
    download_retry,
    retrying_session,
)
from checker.ingest.limits import printable
from checker.ingest.sources import (
    ARCHIVE_ERRORS,
    ZIP_OPEN_ERRORS,
    read_problem,
    unreadable_member,
    unsafe_to_extract,
)

# The workflow_run pattern's first workflow writes the PR number here (fork PRs list no PR).
PR_NUMBER_FILE = "pr-number.txt"
DOWNLOAD_TIMEOUT = 60
_CHUNK = 1 << 16


class ArtifactError(InputError):
    """An artifact that is missing, expired, too large or unsafe to unpack."""


@dataclass(frozen=True)
class ArtifactRef:
    id: int
    name: str
    size: int
    expired: bool


@dataclass(frozen=True)
class Unpacked:
    name: str
    folder: Path
    pr_number: int | None


def list_artifacts(requester: Requester, repo_url: str, run_id: int) -> list[ArtifactRef]:
    """All artifacts of a run (paginated), without first fetching the run itself."""
    pages: PaginatedList[Artifact] = PaginatedList(
        Artifact,
        requester,
        f"{repo_url}/actions/runs/{run_id}/artifacts",
        None,
        list_item="artifacts",
    )
    found = []
    for a in pages:
        raw = answer(a, strict=True)
        if not isinstance(raw.get("id"), int) or not isinstance(raw.get("name"), str):
            raise BadAnswer("an artifact without an id or a name")
        size = raw.get("size_in_bytes")
        found.append(
            ArtifactRef(
                raw["id"], raw["name"], size if isinstance(size, int) else 0, raw.get("expired") is True
            )
        )
    return found


def select(artifacts: list[ArtifactRef], pattern: str, run_id: int) -> list[ArtifactRef]:
    """Artifacts named `pattern` (a name or a glob); finding none is an error that says so."""
    chosen = [a for a in artifacts if a.name == pattern or fnmatch.fnmatchcase(a.name, pattern)]
    if not chosen:
        names = ", ".join(sorted(a.name for a in artifacts)) or "none"
        raise ArtifactError(
            f"artifact {pattern}",
            f"no artifact of run {run_id} matches (it has: {names}); check the "
            "upload step's name and that it ran before this one",
        )
    expired = [a.name for a in chosen if a.expired]
    if expired:
        raise ArtifactError(f"artifact {expired[0]}", _EXPIRED)
    return chosen


_EXPIRED = (
    "expired: GitHub deleted it after its retention period (HTTP 410); re-run the workflow that uploads it"
)


def download_location(requester: Requester, repo_url: str, artifact: ArtifactRef) -> str:
    """The short-lived URL the zip endpoint redirects to: read, not followed, so no token leaks."""
    status, headers, _body = requester.requestJson("GET", f"{repo_url}/actions/artifacts/{artifact.id}/zip")
    if status == 302 and headers.get("location"):
        return str(headers["location"])
    if status == 410:
        raise ArtifactError(f"artifact {artifact.name}", _EXPIRED)
    if status in (401, 403, 404):
        raise ArtifactError(
            f"artifact {artifact.name}",
            f"HTTP {status} downloading it: the token needs `actions: read` "
            "(and the run must be in this repository)",
        )
    raise ArtifactError(f"artifact {artifact.name}", f"unexpected HTTP {status} from the zip endpoint")


def fetch(url: str, dest: Path, max_bytes: int, label: str, budget: WaitBudget | None = None) -> None:
    """Download `url` to `dest` with no Authorization header, refusing more than `max_bytes`."""
    session = retrying_session(download_retry(budget, DOWNLOAD_TIMEOUT))
    try:
        # auth=_no_auth keeps ~/.netrc credentials off the foreign host as well.
        with session.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT, auth=_no_auth) as response:
            if response.status_code == 410:
                raise ArtifactError(label, _EXPIRED)
            if response.status_code != 200:
                raise ArtifactError(label, f"download failed with HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise ArtifactError(label, _too_large(max_bytes))
            written = 0
            with dest.open("wb") as fh:
                for chunk in response.iter_content(_CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise ArtifactError(label, _too_large(max_bytes))
                    fh.write(chunk)
    except (requests.exceptions.RequestException, WaitTooLong) as exc:
        # The host only: the URL's query is a short-lived signature.
        where = urlsplit(url).netloc or "the artifact host"
        raise ArtifactError(label, f"download failed: {describe(exc, where)}") from None
    finally:
        session.close()


def unpack(zip_path: Path, folder: Path, max_bytes: int, name: str) -> Unpacked:
    """Extract every entry under `folder`; refuse `..`, absolute paths, links, oversize content.

    The artifact is a fork's to shape: an entry that cannot be written (a file and a folder of
    one name, `.`, a name too long for the file system) or read (encrypted, Deflate64, a bad
    CRC, corrupt data) is one ArtifactError naming it, never a traceback.
    """
    label = f"artifact {name}"
    try:
        archive = zipfile.ZipFile(zip_path)
        entries = archive.infolist()
    except ZIP_OPEN_ERRORS:
        raise ArtifactError(label, "the download is not a zip archive") from None
    with archive:
        for info in entries:
            _check_entry(info, name)
        if sum(info.file_size for info in entries) > max_bytes:
            raise ArtifactError(label, _too_large(max_bytes))
        folder.mkdir(parents=True, exist_ok=True)
        root = folder.resolve()
        written = 0
        for info in entries:
            target = (root / info.filename).resolve()
            if root not in target.parents and not (target == root and info.is_dir()):
                raise ArtifactError(label, f"unsafe entry {printable(info.filename)!r}")
            entry = shorten(printable(info.filename), 80)  # the reason must fit the line too
            try:
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                problem = unreadable_member(info)
                if problem:
                    raise ArtifactError(label, f"entry {entry!r}: {problem}")
                target.parent.mkdir(parents=True, exist_ok=True)
                # Count real bytes: the sizes in the zip's directory are the uploader's claim.
                with archive.open(info) as src, target.open("wb") as dst:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > max_bytes:
                            raise ArtifactError(label, _too_large(max_bytes))
                        dst.write(chunk)
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise ArtifactError(label, f"entry {entry!r}: a file and a folder of one name") from None
            except ARCHIVE_ERRORS as exc:
                raise ArtifactError(label, f"entry {entry!r}: {read_problem(exc)}") from None
    return Unpacked(name, folder, _take_pr_number(folder, name))


def _check_entry(info: zipfile.ZipInfo, name: str) -> None:
    problem = unsafe_to_extract(info)
    if problem:
        raise ArtifactError(f"artifact {name}", f"unsafe entry {printable(info.filename)!r}: {problem}")


def _take_pr_number(folder: Path, name: str) -> int | None:
    """Read and remove the PR number file, so the analysis never sees it as an export."""
    path = folder / PR_NUMBER_FILE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    path.unlink()
    if not re.fullmatch(r"[1-9][0-9]{0,9}", text):
        raise ArtifactError(f"artifact {name}", f"{PR_NUMBER_FILE} must hold a PR number, not {text[:40]!r}")
    return int(text)


def download_all(
    requester: Requester,
    repo_url: str,
    run_id: int,
    pattern: str,
    into: Path,
    max_bytes: int,
    budget: WaitBudget | None = None,
) -> list[Unpacked]:
    """Every artifact of `run_id` matching `pattern`, unpacked into its own folder under `into`."""
    results = []
    for artifact in select(list_artifacts(requester, repo_url, run_id), pattern, run_id):
        if artifact.size > max_bytes:
            raise ArtifactError(f"artifact {artifact.name}", _too_large(max_bytes))
        into.mkdir(parents=True, exist_ok=True)
        zip_path = into / f"{artifact.id}.zip"
        fetch(
            download_location(requester, repo_url, artifact),
            zip_path,
            max_bytes,
            f"artifact {artifact.name}",
            budget,
        )
        results.append(unpack(zip_path, into / str(artifact.id), max_bytes, artifact.name))
        zip_path.unlink()
    return results


def cleanup(into: Path) -> None:
    shutil.rmtree(into, ignore_errors=True)


def _too_large(max_bytes: int) -> str:
    return f"larger than {max_bytes:,} bytes uncompressed (max-inflated-bytes in the config raises the cap)"


def _no_auth(request: Any) -> Any:
    return request
