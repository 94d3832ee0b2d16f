import httpx

NO_LIMIT = httpx.Timeout(None)


async def main(url):
    httpx.get(url, timeout=None)  # expect: CF102
    httpx.post(url, timeout=30)  # expect: CF103
    httpx.get(url, timeout=httpx.Timeout(10.0))  # expect: CF103
    httpx.get(url, timeout=httpx.Timeout(10.0, connect=None))  # expect: CF102
    client = httpx.Client(timeout=None)  # expect: CF102
    client.get(url, timeout=60.0)  # expect: CF103
    async with httpx.AsyncClient(timeout=NO_LIMIT) as http:  # expect: CF102
        await http.get(url)
    httpx.request("GET", url, timeout=(20, 5, 5, 5))  # expect: CF103
