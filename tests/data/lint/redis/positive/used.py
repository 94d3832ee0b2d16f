"""A client used for one command, or handed on, may connect: it is reported."""
import aiohttp
import redis


def command():
    r = redis.Redis(host="cache")  # expect: CF101
    r.connection_pool.get_connection()
    return r.ping()


def handed_on(register):
    r = redis.Redis(host="cache")  # expect: CF101
    register(r)


async def session_passed_on(fetch):
    async with aiohttp.ClientSession() as session:  # expect: CF104
        return await fetch(session)
