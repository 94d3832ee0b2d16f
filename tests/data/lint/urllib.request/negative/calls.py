import urllib.request


def go(url, data):
    urllib.request.urlopen(url, timeout=5)
    urllib.request.urlopen(url, data, 3)
    urllib.request.build_opener().open(url, timeout=2)
