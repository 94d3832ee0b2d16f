import httpx


async def main(url, t):
    httpx.get(url)  # httpx bounds connect at 5 s by default
    httpx.get(url, timeout=httpx.Timeout(10.0, connect=3.0))
    client = httpx.Client()
    client.get(url)
    async with httpx.AsyncClient(timeout=3) as http:
        await http.get(url)
    httpx.get(url, timeout=t)
