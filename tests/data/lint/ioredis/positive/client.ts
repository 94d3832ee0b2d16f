import Redis from "ioredis";

export const redis = new Redis(6379, "cache.internal"); // expect: CF104
export const other = new Redis({ host: "cache.internal", connectTimeout: 30000 }); // expect: CF103
