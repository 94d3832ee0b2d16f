import { Pool, Client } from "pg";
import pg from "pg";

export const pool = new Pool({ host: process.env.PGHOST, max: 5 }); // expect: CF101
const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 0 }); // expect: CF102
const other = new pg.Client(); // expect: CF101
const slow = new pg.Pool({ connectionTimeoutMillis: 10_000 }); // expect: CF103
