# The only import is redis.asyncio.client: the prefilter must admit it (issue 11).
from redis.asyncio.client import Redis

client = Redis(host="cache.internal")  # expect: CF101
