import boto3
import botocore.session
from botocore.config import Config

CONFIG = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2})

s3 = boto3.client("s3", config=CONFIG)
ddb = boto3.resource("dynamodb", config=Config(connect_timeout=2))


def build(config, **kwargs):
    boto3.client("s3", config=config)
    boto3.client("s3", **kwargs)
    session = botocore.session.get_session()
    session.set_default_client_config(CONFIG)
    return session.create_client("sqs")


def from_client_module():
    from botocore.client import Config as ClientConfig

    return boto3.client("kinesis", config=ClientConfig(connect_timeout=1, read_timeout=5))
