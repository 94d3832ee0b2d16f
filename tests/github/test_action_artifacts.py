"""Artifacts: paginated listing, the 302 followed without the token, 410, hostile zips."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import responses
from responses import matchers

from checker.github.artifacts import ArtifactError, download_all, unpack
from tests.github.action_helpers import API, URL, client
from tests.ingest.hostile import zip_bytes as _zip

REPO_URL = f"{URL}/repos/o/r"
LIST = f"{API}/repos/o/r/actions/runs/99/artifacts"
BLOB = "https://pipelinesghubeus2.actions.githubusercontent.com/blob/exports.zip?sig=abc"


def _artifact(artifact_id: int, name: str, *, expired: bool = False) -> dict[str, object]:
    return {
        "id": artifact_id,
        "name": name,
        "size_in_bytes": 900,
        "expired": expired,
        "url": f"{REPO_URL}/actions/artifacts/{artifact_id}",
        "archive_download_url": f"{REPO_URL}/actions/artifacts/{artifact_id}/zip",
    }


def _list_two_pages() -> None:
    page2 = f"{REPO_URL}/actions/runs/99/artifacts?per_page=100&page=2"
    responses.get(
        LIST,
        json={"total_count": 2, "artifacts": [_artifact(1, "coverage")]},
        headers={"Link": f'<{page2}>; rel="next"'},
        match=[matchers.query_param_matcher({"per_page": "100"})],
    )
    responses.get(
        LIST,
        json={"total_count": 2, "artifacts": [_artifact(2, "lambda-logs")]},
        match=[matchers.query_param_matcher({"per_page": "100", "page": "2"})],
    )


@responses.activate
def test_downloads_from_the_redirect_without_the_token(tmp_path: Path) -> None:
    _list_two_pages()
    responses.get(f"{API}/repos/o/r/actions/artifacts/2/zip", status=302, headers={"Location": BLOB})
    blob = responses.get(BLOB, body=_zip({"logs/fn.json": b'{"events": []}', "pr-number.txt": b"17\n"}))

    [unpacked] = download_all(client().requester, REPO_URL, 99, "lambda-*", tmp_path, 10**6)

    assert unpacked.name == "lambda-logs"
    assert unpacked.pr_number == 17
    assert (unpacked.folder / "logs" / "fn.json").read_bytes() == b'{"events": []}'
    assert not (unpacked.folder / "pr-number.txt").exists()
    assert "Authorization" not in blob.calls[0].request.headers
    zip_request = responses.calls[2].request
    assert zip_request.headers["Authorization"].startswith("token ")


@responses.activate
def test_expired_artifact_says_so(tmp_path: Path) -> None:
    responses.get(LIST, json={"total_count": 1, "artifacts": [_artifact(2, "lambda-logs")]})
    responses.get(
        f"{API}/repos/o/r/actions/artifacts/2/zip", status=410, json={"message": "Artifact has expired"}
    )
    with pytest.raises(ArtifactError) as caught:
        download_all(client().requester, REPO_URL, 99, "lambda-logs", tmp_path, 10**6)
    assert caught.value.path == "artifact lambda-logs"
    assert caught.value.reason.startswith("expired: GitHub deleted it after its retention period")


@responses.activate
def test_missing_artifact_lists_what_the_run_has(tmp_path: Path) -> None:
    responses.get(LIST, json={"total_count": 1, "artifacts": [_artifact(1, "coverage")]})
    with pytest.raises(ArtifactError) as caught:
        download_all(client().requester, REPO_URL, 99, "lambda-logs", tmp_path, 10**6)
    assert str(caught.value).startswith(
        "artifact lambda-logs: no artifact of run 99 matches (it has: coverage)"
    )


@pytest.mark.parametrize("entry", ["../evil.json", "/etc/cron.d/x", "a/../../x", "C:/x", "..\\x"])
def test_unsafe_entries_are_refused(tmp_path: Path, entry: str) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(_zip({"ok.json": b"{}", entry: b"{}"}))
    with pytest.raises(ArtifactError, match="unsafe entry"):
        unpack(archive, tmp_path / "out", 10**6, "logs")
    assert not (tmp_path / "evil.json").exists()
    assert not (tmp_path / "out" / "ok.json").exists()  # checked before anything is written


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("link")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ArtifactError, match="symbolic link"):
        unpack(archive, tmp_path / "out", 10**6, "logs")


def test_inflated_size_is_capped(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(_zip({"big.log": b"0" * 2_000_000}))
    assert archive.stat().st_size < 10_000
    with pytest.raises(ArtifactError, match="larger than 1,000,000 bytes uncompressed"):
        unpack(archive, tmp_path / "out", 1_000_000, "logs")


def test_bad_pr_number_file_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(_zip({"pr-number.txt": b"17; rm -rf /"}))
    with pytest.raises(ArtifactError, match="must hold a PR number"):
        unpack(archive, tmp_path / "out", 10**6, "logs")


def _patched(members: dict[str, bytes], **patch: int) -> bytes:
    from tests.ingest.hostile import patch_zip, zip_bytes

    return patch_zip(
        zip_bytes(members, zipfile.ZIP_STORED if "method" in patch else zipfile.ZIP_DEFLATED), **patch
    )


# A fork shapes the artifact: each entry that cannot be written or read is one line naming it.
HOSTILE_ARTIFACTS = {
    "file-and-folder": (
        lambda: _zip({"a.json": b"{}", "a.json/b.json": b"{}"}),
        "entry 'a.json/b.json': a file and a folder of one name",
    ),
    "dot": (lambda: _zip({".": b"x"}), "unsafe entry '.'"),
    "long-name": (
        lambda: _zip({"x" * 256 + ".json": b"{}"}),
        f"entry '{'x' * 79}…': cannot read: File name too long",
    ),
    "encrypted": (
        lambda: _patched({"e.json": b"{}"}, flags=0x1),
        "entry 'e.json': the zip member is encrypted: connfail reads no password",
    ),
    "deflate64": (
        lambda: _patched({"d.json": b"{}"}, method=9),
        "entry 'd.json': the zip member uses compression method 9, which Python's zipfile "
        "cannot read (e.g. Deflate64): re-zip it with plain Deflate",
    ),
    "bad-crc": (
        lambda: _patched({"c.json": b"{}" * 100}, crc=0x12345678),
        "entry 'c.json': corrupt zip member (Bad CRC-32 for file 'c.json')",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ARTIFACTS))
def test_hostile_entries_are_one_error_naming_them(tmp_path: Path, case: str) -> None:
    build, reason = HOSTILE_ARTIFACTS[case]
    archive = tmp_path / "a.zip"
    archive.write_bytes(build())
    with pytest.raises(ArtifactError) as caught:
        unpack(archive, tmp_path / "out", 10**6, "logs")
    assert str(caught.value) == f"artifact logs: {reason}"
