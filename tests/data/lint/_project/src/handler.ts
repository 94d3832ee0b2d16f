import { Pool } from "pg";

export const pool = new Pool({ host: process.env.PGHOST, connectionTimeoutMillis: 30000 });
