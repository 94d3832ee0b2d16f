import http.client
from http.client import HTTPSConnection


def go(host):
    http.client.HTTPConnection(host)  # expect: CF101
    http.client.HTTPConnection(host, 80, 30)  # expect: CF103
    HTTPSConnection(host, timeout=None)  # expect: CF102
    return HTTPSConnection(host, 443)  # expect: CF101
