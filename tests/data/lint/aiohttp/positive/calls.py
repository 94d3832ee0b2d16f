import aiohttp
from aiohttp import ClientSession, ClientTimeout

NO_LIMIT = ClientTimeout()


async def main(url):
    # The one request brings its own timeout, which disables the connect bound: that request is
    # what runs, so it is reported, not the session's unused default.
    async with aiohttp.ClientSession() as session:
        await session.get(url, timeout=NO_LIMIT)  # expect: CF102
    async with ClientSession(timeout=ClientTimeout(total=60)) as other:  # expect: CF103
        await other.get(url)
    slow = ClientSession(timeout=ClientTimeout(sock_read=10))  # expect: CF102
    await slow.get(url)
    await slow.close()
    async with aiohttp.request("GET", url) as response:  # expect: CF104
        return await response.text()
