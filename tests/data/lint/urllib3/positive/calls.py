import urllib3
from urllib3 import PoolManager, Timeout

http = PoolManager()
slow = urllib3.PoolManager(timeout=urllib3.Timeout(connect=30, read=60))  # expect: CF103


def go(url):
    http.request("GET", url)  # expect: CF101
    http.request("GET", url, timeout=None)  # expect: CF102
    http.urlopen("GET", url, timeout=Timeout(total=20))  # expect: CF103
    pool = urllib3.HTTPConnectionPool("example.com", 80, None)  # expect: CF102
    return pool.request("GET", "/", timeout=Timeout(read=3))  # expect: CF101
