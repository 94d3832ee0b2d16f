import redis
from redis import StrictRedis

cache = redis.Redis(host="cache.internal", port=6379)  # expect: CF101
queue = StrictRedis(host="queue.internal", socket_connect_timeout=30)  # expect: CF103
pool = redis.ConnectionPool(host="cache.internal")  # expect: CF101
url = redis.from_url("redis://cache.internal:6379/0")  # expect: CF101
