import mysql from "mysql2";

const pool = mysql.createPool({ host: "db.internal", connectTimeout: 3000 });
const conn = mysql.createConnection(process.env.DATABASE_URL);
