try:
    import requests
except ImportError:  # optional dependency
    requests = None

TIMEOUT = None
if requests is not None:
    TIMEOUT = 10


class Client:
    def __init__(self):
        self.session = requests.Session()

    def close(self):
        self.session.close()
        self.session = None

    def fetch(self, url):
        requests.get(url, timeout=TIMEOUT)  # TIMEOUT is None or 10: not known, not reported
        return self.session.get(url)  # expect: CF101


def probe(url):
    return requests.head(url)  # expect: CF101
