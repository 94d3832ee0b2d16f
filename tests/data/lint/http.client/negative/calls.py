from http import client


def go(host, port):
    client.HTTPConnection(host, port, 5)
    client.HTTPSConnection(host, timeout=3)
