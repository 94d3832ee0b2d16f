const mysql = require("mysql2/promise");

const pool = mysql.createPool({ host: "db.internal", user: "app" }); // expect: CF104
const conn = mysql.createConnection("mysql://app@db.internal/app?connectTimeout=20000"); // expect: CF103
