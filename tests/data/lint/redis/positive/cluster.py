import redis
from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.cluster import RedisCluster

nodes = RedisCluster(host="cluster.internal", port=6379)  # expect: CF101
also = redis.RedisCluster(host="cluster.internal", socket_connect_timeout=30)  # expect: CF103
from_url = RedisCluster.from_url("redis://cluster.internal:6379/0")  # expect: CF101
async_nodes = AsyncRedisCluster(host="cluster.internal")  # expect: CF101
