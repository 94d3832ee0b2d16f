import requests
import requests as r
from requests import get as fetch
from requests import request

TIMEOUT = 30
SLOW = (10, 60)


def download(url):
    requests.get(url)  # expect: CF101
    r.post(url, json={"a": 1})  # expect: CF101
    fetch(url, timeout=None)  # expect: CF102
    request("GET", url)  # expect: CF101
    requests.request("PUT", url, data=b"")  # expect: CF101
    requests.get(url, timeout=TIMEOUT)  # expect: CF103
    requests.get(url, timeout=SLOW)  # expect: CF103
    requests.get(url, timeout=(None, 30))  # expect: CF102
    requests.head(url, **{"timeout": 60})  # expect: CF103
    requests.delete(  # expect: CF101
        url,
        headers={"x": "y"},
    )
    return requests.api.get(url)  # expect: CF101
