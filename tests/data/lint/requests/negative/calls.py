import functools

import requests

from .settings import TIMEOUT as REMOTE_TIMEOUT

TIMEOUT = 4


def ok(url, timeout, **kwargs):
    requests.get(url, timeout=3)
    requests.get(url, timeout=(3.05, 27))
    requests.get(url, timeout=TIMEOUT)
    requests.get(url, timeout=timeout)  # not a literal: never guessed
    requests.get(url, timeout=REMOTE_TIMEOUT)
    requests.get(url, **kwargs)  # unknown **kwargs
    requests.post(url, **{"timeout": 2, "json": {}})
    requests.get(url, timeout=(2, None))  # read unbounded, connect bounded
    requests.get(url)  # connfail: ignore[CF101]
    requests.get(url)  # connfail: ignore


def shadowed(requests):
    return requests.get("https://example.com")  # a parameter, not the module


def mounted(url, adapter):
    s = requests.Session()
    s.mount("https://", adapter)  # an adapter from elsewhere may carry its own timeout
    return s.get(url)


def not_clients(url):
    data = {"get": 1}
    data.get("get")
    cache = {}
    return cache.get(url)


class Api:
    def __init__(self, session):
        self.session = session

    def call(self, url):
        return self.session.get(url)  # session came from outside: not provably bare


def wrapped(url):
    s = requests.Session()
    s.request = functools.partial(s.request, timeout=5)
    return s.get(url)
