"""A mounted adapter that sets a timeout, in the same scope as the calls (issue 10, item 5).

TimeoutHTTPAdapter is the idiom of coloriz/m3u8-dl m3u8_dl/adapters.py and
Hari-Nagarajan/fairgame utils/http.py: `send` fills in `timeout` when the caller gave none.
"""
import functools

import requests
from requests.adapters import HTTPAdapter

DEFAULT_TIMEOUT = 5


class TimeoutHTTPAdapter(HTTPAdapter):
    def __init__(self, *args, **kwargs):
        self.timeout = kwargs.pop("timeout", DEFAULT_TIMEOUT)
        super().__init__(*args, **kwargs)

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class RetryingTimeoutAdapter(TimeoutHTTPAdapter):
    pass


def mounted(url):
    http = requests.Session()
    http.mount("https://", TimeoutHTTPAdapter(timeout=3))
    return http.get(url)


def mounted_subclass(url):
    http = requests.Session()
    adapter = RetryingTimeoutAdapter()
    http.mount("https://", adapter)
    return http.get(url)


class Client:
    def __init__(self):
        self.session = requests.Session()
        self.session.mount("https://", TimeoutHTTPAdapter())

    def fetch(self, url):
        return self.session.get(url)


def wrapped(url):
    s = requests.Session()
    s.request = functools.partial(s.request, timeout=5)
    return s.get(url)
