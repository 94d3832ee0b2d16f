import { Pool } from "pg";

export const pool = new Pool({ host: process.env.PGHOST, connectionTimeoutMillis: 3000 });
export function make(config: PoolConfig) {
  return new Pool(config);
}
