import os

import redis

from redis.cluster import RedisCluster

nodes = RedisCluster(host="cluster.internal", socket_connect_timeout=2)
reads = RedisCluster(host="cluster.internal", socket_timeout=3)  # used for connecting too
from_env = RedisCluster.from_url(os.environ["REDIS_URL"])

# No TCP handshake, or a connection class that decides (redis-py's own tests).
unix = redis.Redis(unix_socket_path="/tmp/redis.sock")
unix_url = redis.Redis.from_url("unix:///path/to/socket")
dummy = redis.ConnectionPool(connection_class=object, host="cache")
