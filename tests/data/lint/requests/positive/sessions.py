import requests
from requests import Session


session = requests.Session()


def first(url):
    return session.get(url)  # expect: CF101


def second(url):
    with Session() as s:
        s.post(url, timeout=(30, 30))  # expect: CF103
        s.request("GET", url)  # expect: CF101
    requests.session().get(url)  # expect: CF101


class Client:
    def __init__(self):
        self.http = requests.Session()

    def fetch(self, url):
        return self.http.get(url)  # expect: CF101

    def fetch_without_connect(self, url):
        return self.http.get(url, timeout=(None, 10))  # expect: CF102


def configured_but_not_timed(url):
    s = requests.Session()
    s.headers["User-Agent"] = "app"
    s.verify = False
    s.timeout = 5  # requests ignores a Session's timeout attribute
    return s.get(url)  # expect: CF101
