"""Every export format is covered by the format-independence tests once it is registered."""

from __future__ import annotations

from checker.ingest.formats import FORMATS
from tests import reencode


def test_every_registered_format_has_an_encoder_for_the_format_independence_tests() -> None:
    # `text` is what a user pastes: there is no one way to write it, and the text formats'
    # encoders (s3-export, aws-logs-tail, awslogs, sam-logs) already write it line by line.
    # `subscription-payload` is the gzip+base64 envelope of the `subscription` format.
    assert set(FORMATS) - set(reencode.ENCODERS) == {"text"}
    assert set(reencode.ENCODERS) - set(FORMATS) == {"subscription-payload"}
