"""A patch of something else, or outside the block, leaves the client connecting."""
from unittest import mock

import aiohttp


async def test_other_patch():
    with mock.patch("os.getenv"):
        return aiohttp.ClientSession()  # expect: CF104


async def after_the_block():
    with mock.patch("aiohttp.client.ClientSession.request"):
        pass
    return aiohttp.ClientSession()  # expect: CF104
