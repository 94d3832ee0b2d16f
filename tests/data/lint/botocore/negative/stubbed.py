"""Clients wrapped in botocore.stub.Stubber answer from a queue and never connect (item 9).

Idioms from aws/chalice tests/unit/deploy/__init__.py (`client = session.create_client(...)`,
`Stubber(client)`), the AWS code examples' `ExampleStubber(Stubber)` subclass, and the
`with Stubber(client) as stub` context manager.
"""
import unittest
from contextlib import contextmanager

import boto3
import botocore.session
from botocore.stub import Stubber

_SESSION = None


def stubbed_client(service_name):
    global _SESSION
    if _SESSION is None:
        _SESSION = botocore.session.get_session()
    client = _SESSION.create_client(service_name, region_name="us-west-2")
    stubber = Stubber(client)
    return client, stubber


@contextmanager
def stubbed(service, **kwargs):
    client = boto3.client(service, region_name="us-east-1")
    with Stubber(client) as stub:
        yield client, stub


class ExampleStubber(Stubber):
    pass


def resource_stub():
    s3 = boto3.resource("s3")
    return Stubber(s3.meta.client)


def inline():
    return Stubber(boto3.client("sqs"))


class TestQueue(unittest.TestCase):
    def setUp(self):
        self.client = boto3.client("sqs", region_name="us-east-1")
        self.stubber = ExampleStubber(self.client)
