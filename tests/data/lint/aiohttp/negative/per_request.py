"""Every request made on the session passes its own bounded ClientTimeout (issue 10, item 2).

Idioms from real code (search corpus): a module-level ClientTimeout passed per request
(`DEFAULT_TIMEOUT = ClientTimeout(total=10)`), and a ClientTimeout built per call.
"""
import aiohttp
from aiohttp import ClientSession, ClientTimeout

DEFAULT_TIMEOUT = ClientTimeout(total=10, sock_connect=3)


async def fetch_all(urls):
    async with aiohttp.ClientSession() as session:
        for url in urls:
            async with session.get(url, timeout=DEFAULT_TIMEOUT) as response:
                await response.read()
        await session.post(urls[0], timeout=ClientTimeout(total=5))


async def request_method(url):
    session = ClientSession()
    try:
        return await session.request("GET", url, timeout=aiohttp.ClientTimeout(sock_connect=2))
    finally:
        await session.close()
