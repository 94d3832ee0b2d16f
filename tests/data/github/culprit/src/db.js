// The orders service's database pool, as examples/vpc-node-postgres.json's function has it:
// no connectionTimeoutMillis, so a connect to an unreachable 10.0.3.47:5432 waits until the
// kernel gives up (~127 s), which is what the export shows.
"use strict";

const { Pool } = require("pg");

const config = {
  host: process.env.PGHOST,
  database: "orders",
};
const pool = new Pool(config);

async function loadOrder(id) {
  const { rows } = await pool.query("SELECT * FROM orders WHERE id = $1", [id]);
  return rows[0];
}

module.exports = { loadOrder };
