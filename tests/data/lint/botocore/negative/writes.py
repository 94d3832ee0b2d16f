"""Literal resolution follows writes in order within the scope (issue 10, item 6).

The kwargs-dict idiom is the one of ecs_monitor's create_ecs_client (`session_kwargs = {}` filled
in with `session_kwargs["profile_name"] = ...`) and awstin's aws_config() kwargs.
"""
from dataclasses import dataclass

import boto3
import requests
from botocore.config import Config


def client_from_kwargs(region):
    kwargs = {"region_name": region}
    kwargs["config"] = Config(connect_timeout=3, retries={"max_attempts": 3})
    return boto3.client("dynamodb", **kwargs)


def updated(region, extra):
    kwargs = {"region_name": region}
    kwargs.update(extra)  # unknown keys now
    return boto3.client("s3", **kwargs)


DEFAULT_CONFIG = Config()


@dataclass
class Settings:
    timeout: float = 30  # a field: any instance may carry another value
    config: Config = DEFAULT_CONFIG

    def fetch(self, url):
        return requests.get(url, timeout=self.timeout)

    def client(self):
        return boto3.client("s3", config=self.config)


def parameter_default(url, timeout=60):
    return requests.get(url, timeout=timeout)  # a parameter: the caller decides
