// Cluster clients (shape of ukth/splace-backend src/redis.js): each node connects with the
// Redis default of 10 s unless redisOptions.connectTimeout says otherwise; clusterRetryStrategy
// only spaces the retries.
var Redis = require("ioredis");

var nodes = [{ host: process.env.REDIS_URL, port: 6379 }];

var redisClient = new Redis.Cluster(nodes, { // expect: CF104
  redisOptions: { tls: true },
  clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
});
const slow = new Redis.Cluster(nodes, { redisOptions: { connectTimeout: 10000 } }); // expect: CF103
module.exports = { redisClient, slow };
