import boto3
from botocore.config import Config

RETRIES = Config(retries={"max_attempts": 3})
SLOW = Config(connect_timeout=30, read_timeout=60)

s3 = boto3.client("s3")  # expect: CF104
dynamodb = boto3.resource("dynamodb", config=RETRIES)  # expect: CF104
sqs = boto3.client("sqs", config=SLOW)  # expect: CF103
sns = boto3.client("sns", config=Config(connect_timeout=None))  # expect: CF102


def handler(event, context):
    session = boto3.Session()
    return session.client("lambda", region_name="eu-west-1")  # expect: CF104
