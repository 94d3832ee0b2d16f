"""Names resolve in their scope, and only what really sets a timeout counts (issue 10, item 5)."""
import functools

import boto3
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


class RetryAdapter(HTTPAdapter):
    """Retries only: requests passes timeout=None down to urllib3, so nothing bounds the connect."""

    def __init__(self, **kwargs):
        super().__init__(max_retries=Retry(total=3), **kwargs)


def with_timeout_adapter(url, adapter):
    s = requests.Session()
    s.mount("https://", adapter)
    return s.get(url)


def another_function(url):
    s = requests.Session()  # not the `s` that got an adapter above
    return s.get(url)  # expect: CF101


def retries_only(url):
    # Idiom seen in real code: mounting requests' own HTTPAdapter for retries sets no timeout.
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=5, backoff_factor=1)))
    return session.get(url)  # expect: CF101


def retries_subclass(url):
    session = requests.Session()
    adapter = RetryAdapter()
    session.mount("http://", adapter)
    return session.post(url)  # expect: CF101


def partial_request_is_not_a_client_setting():
    session = boto3.Session()
    session.request = functools.partial(print)  # unrelated to session.client()
    return session.client("s3")  # expect: CF104
