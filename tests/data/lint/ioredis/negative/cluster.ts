import { Cluster } from "ioredis";

export const cluster = new Cluster([{ host: "cache.internal", port: 6379 }], {
  redisOptions: { connectTimeout: 2000 },
});
export function make(options: object) {
  return new Cluster([{ host: "cache.internal", port: 6379 }], options);
}
