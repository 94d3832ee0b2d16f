"""boto3 for `connfail collect`: one session, clients with botocore's standard retry mode, every
paginated call merged as the AWS CLI merges it, and each ClientError turned into data.

boto3 is the optional extra `connfail[aws]`: imported here only, when collect runs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from checker import __version__
from checker.collect.calls import Call
from checker.errors import InputError, one_line

# Standard mode: exponential backoff with jitter, throttling codes (Throttling,
# RequestLimitExceeded, LimitExceededException...) and transient errors retried; 10 attempts
# ride out the per-account describe-* throttling of a busy account.
MAX_ATTEMPTS = 10
DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "AuthFailure",
    }
)


class AwsError(Exception):
    """A call that failed: `status` denied (IAM) or error (anything else), one line of why."""

    def __init__(self, status: str, line: str) -> None:
        super().__init__(line)
        self.status = status
        self.line = line


@dataclass
class Aws:
    """The clients of one region and profile, created on first use."""

    region: str | None  # None: AWS_REGION, AWS_DEFAULT_REGION or the profile's region
    profile: str | None = None

    def __post_init__(self) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise InputError("collect", "needs boto3: pip install 'connfail[aws]'") from None
        try:
            # AWS_REGION is what Lambda and most SDKs read; botocore reads AWS_DEFAULT_REGION.
            region = self.region or os.environ.get("AWS_REGION") or None
            self._session = boto3.Session(profile_name=self.profile, region_name=region)
        except Exception as exc:  # botocore ProfileNotFound and friends
            raise InputError(f"--profile {self.profile}", one_line(str(exc))) from None
        if not self._session.region_name:
            raise InputError("--region", "no AWS region: pass --region or set AWS_REGION")
        self.region = self._session.region_name
        if self._session.get_credentials() is None:
            raise InputError(
                "collect",
                "no AWS credentials found (set AWS_PROFILE or "
                "--profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an SSO login)",
            )
        self._config = Config(
            retries={"mode": "standard", "max_attempts": MAX_ATTEMPTS},
            user_agent_extra=f"connfail/{__version__}",
        )
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._session.client(service, config=self._config)
        return self._clients[service]

    def run(self, call: Call, **params: Any) -> dict[str, Any]:
        """The call's output as the AWS CLI prints it: pages merged, no ResponseMetadata, ISO
        datetimes. Raises AwsError (denied or error) instead of botocore's exceptions."""
        from botocore import xform_name

        client = self.client(call.service)
        method = xform_name(call.operation)
        with _translated():
            if call.paginated and client.can_paginate(method):
                result = client.get_paginator(method).paginate(**params).build_full_result()
            else:
                result = getattr(client, method)(**params)
        return _cleaned(result)

    def pages(self, call: Call, **params: Any) -> Iterator[dict[str, Any]]:
        """One cleaned page at a time, for the calls whose output may not fit in memory."""
        from botocore import xform_name

        paginator = self.client(call.service).get_paginator(xform_name(call.operation))
        with _translated():
            for page in paginator.paginate(**params):
                yield _cleaned(page)


@contextmanager
def _translated() -> Iterator[None]:
    """botocore's exceptions as AwsError: denied for IAM refusals, error for the rest."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        status = "denied" if code in DENIED_CODES else "error"
        raise AwsError(status, one_line(f"{code}: {error.get('Message', '')}".rstrip(": "))) from None
    except BotoCoreError as exc:
        raise AwsError("error", one_line(f"{type(exc).__name__}: {exc}")) from None


def _cleaned(result: dict[str, Any]) -> dict[str, Any]:
    for key in ("ResponseMetadata", "NextToken", "nextToken"):
        result.pop(key, None)
    cleaned: dict[str, Any] = plain(result)
    return cleaned


def plain(value: Any) -> Any:
    """JSON-ready: datetimes as the CLI prints them (ISO 8601), bytes as text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
