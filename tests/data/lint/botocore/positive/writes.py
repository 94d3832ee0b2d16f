"""The dict as written, key by key, decides; a plain class attribute is still a constant."""
import boto3
from botocore.config import Config


def no_config(region):
    kwargs = {"region_name": region}
    kwargs["endpoint_url"] = "https://dynamodb.eu-west-1.amazonaws.com"
    return boto3.client("dynamodb", **kwargs)  # expect: CF104


def slow_config(region):
    kwargs = {"region_name": region}
    kwargs["config"] = Config(connect_timeout=20)
    return boto3.client("s3", **kwargs)  # expect: CF103


class Plain:
    CONFIG = Config(retries={"max_attempts": 2})

    def client(self):
        return boto3.client("sqs", config=self.CONFIG)  # expect: CF104
