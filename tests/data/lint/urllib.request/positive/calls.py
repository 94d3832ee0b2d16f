import urllib.request
from urllib.request import build_opener, urlopen


def go(url):
    urllib.request.urlopen(url)  # expect: CF101
    urlopen(url, None, 60)  # expect: CF103
    with urlopen(url, timeout=None) as response:  # expect: CF102
        response.read()
    opener = build_opener()
    return opener.open(url)  # expect: CF101
