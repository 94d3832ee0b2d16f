import { Redis } from "ioredis";

export const redis = new Redis({ host: "cache.internal", connectTimeout: 2000 });
export const fromEnv = new Redis(process.env.REDIS_URL!); // the URL may carry options
