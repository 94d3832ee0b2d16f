import os

import redis

cache = redis.Redis(host="cache.internal", socket_connect_timeout=2)
also = redis.Redis(host="cache.internal", socket_timeout=3)  # used for connecting too
pooled = redis.Redis(connection_pool=redis.ConnectionPool(host="x", socket_connect_timeout=1))
url = redis.from_url(os.environ["REDIS_URL"])
fast = redis.from_url("redis://cache.internal:6379/0?socket_connect_timeout=2")
