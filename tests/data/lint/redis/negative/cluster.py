import os

from redis.cluster import RedisCluster

nodes = RedisCluster(host="cluster.internal", socket_connect_timeout=2)
reads = RedisCluster(host="cluster.internal", socket_timeout=3)  # used for connecting too
from_env = RedisCluster.from_url(os.environ["REDIS_URL"])
