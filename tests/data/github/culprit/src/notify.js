// A call to another service (HTTPS), also without a connect timeout: flagged by the linter,
// but not the culprit of a PostgreSQL failure.
"use strict";

const axios = require("axios");

async function notify(order) {
  return axios.post("https://hooks.example.com/orders", order);
}

module.exports = { notify };
