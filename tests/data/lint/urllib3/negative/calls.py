import urllib3

http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2.0, read=10.0))
quick = urllib3.PoolManager(timeout=3)


def go(url, t):
    http.request("GET", url)
    quick.request("GET", url)
    urllib3.PoolManager().request("GET", url, timeout=urllib3.Timeout(connect=1, read=5))
    urllib3.request("GET", url)  # the top-level request() of urllib3 2 has a 3 s default
    urllib3.PoolManager(timeout=t)
