"""Lazy clients that are built and never used to connect (issue 10: clients that never connect).

aiohttp's own tests/test_client_functional.py (`async with aiohttp.ClientSession() as session:
pass`, then `session.closed`), redis-py's tests reading a client's connection kwargs, a boto3
client built to read its region: none of them opens a connection.
"""
import aiohttp
import boto3
import redis


async def test_async_with_session():
    async with aiohttp.ClientSession() as session:
        pass
    assert session.closed


async def test_close():
    session = aiohttp.ClientSession()
    await session.close()
    assert session.closed


def test_kwargs():
    r = redis.Redis(host="cache")
    assert r.connection_pool.connection_kwargs["host"] == "cache"
    r.close()


def test_region():
    client = boto3.client("s3", region_name="eu-west-1")
    return client.meta.region_name == "eu-west-1"


async def test_settings():
    # aiohttp tests/test_client_session.py: one name, several sessions, each only inspected.
    async with aiohttp.ClientSession() as session:
        assert session.connector is not None
    async with aiohttp.ClientSession(trust_env=True) as session:
        assert session.trust_env
