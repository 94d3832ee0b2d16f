"""Calls under a mock.patch of the client: the test replaced the part that connects.

The idiom of aiohttp's tests/test_client_ws.py: `with mock.patch("aiohttp.client.ClientSession.request")`
around `aiohttp.ClientSession().ws_connect(...)`.
"""
from unittest import mock

import aiohttp
import requests


async def test_ws_connect():
    with mock.patch("aiohttp.client.ClientSession.request") as m_req:
        m_req.return_value = mock.Mock()
        return await aiohttp.ClientSession().ws_connect("http://test.org")


@mock.patch("requests.adapters.HTTPAdapter.send")
def test_send(send):
    return requests.get("https://example.com")


class TestPatched:
    @mock.patch.object(requests.Session, "request")
    def test_request(self, request):
        return requests.Session().get("https://example.com")
