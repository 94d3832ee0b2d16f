"""Judge the request that runs: a per-request timeout replaces the session's (issue 10, item 2).

bench/measure_python_connect.py, aiohttp 3.14.5, a loopback port that drops SYNs: a session bound
with ClientTimeout(sock_connect=1) gives up after 1.3 s, the same session's request with
`timeout=None` was still connecting until the kernel gave up, 133.7 s later.
"""
import aiohttp
from aiohttp import ClientSession, ClientTimeout

BOUNDED = ClientTimeout(total=30, sock_connect=3)


async def one_request_uses_the_default(url):
    # Idiom from achillescres/izfir_bot bot/utils/http/requests.py (session built per call).
    async with ClientSession() as session:  # expect: CF104
        await session.get(url, timeout=BOUNDED)
        await session.post(url)  # runs with the session's 30 s sock_connect


async def per_request_none(url):
    session = aiohttp.ClientSession(timeout=BOUNDED)
    async with session.get(url, timeout=None) as response:  # expect: CF102
        return await response.text()


async def per_request_total_only(url):
    async with aiohttp.ClientSession(timeout=BOUNDED) as session:
        # total=300 bounds the connect too, but at 300 s
        return await session.get(url, timeout=ClientTimeout(total=300))  # expect: CF103


async def session_timeout_none_is_the_default(url):
    # ClientSession(timeout=None) falls back to the 300 s / 30 s default (aiohttp/client.py).
    async with aiohttp.ClientSession(timeout=None) as session:  # expect: CF104
        return await session.get(url)


async def no_request_in_sight():
    # Returned to callers we cannot see: the session's own default is what they get.
    return aiohttp.ClientSession()  # expect: CF104


async def used_in_the_same_with(url):
    # aiohttp tests/test_client_session.py: the request is the next item of the same `async with`.
    async with (
        ClientSession(trust_env=True) as session,  # expect: CF104
        session.get(url) as response,
    ):
        return await response.text()


async def request_with_kwargs(method, url, **kwargs):
    # scrapy tests/test_extension_remote_control.py: **kwargs are not known to carry a timeout.
    async with (
        aiohttp.ClientSession() as session,  # expect: CF104
        session.request(method, url, **kwargs) as response,
    ):
        return response.status
