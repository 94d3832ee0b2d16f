import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=3)


async def main(url, timeout):
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        await session.get(url)
        await session.get(url, timeout=aiohttp.ClientTimeout(connect=2))
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await session.post(url)
