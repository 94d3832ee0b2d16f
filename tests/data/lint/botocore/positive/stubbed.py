"""A Stubber wraps one client; the others in the file still connect."""
import boto3
from botocore.stub import Stubber


def test_upload():
    s3 = boto3.client("s3")
    stubber = Stubber(s3)
    real = boto3.client("sqs")  # expect: CF104
    return stubber, real


def other_function():
    s3 = boto3.client("s3")  # expect: CF104
    return s3
