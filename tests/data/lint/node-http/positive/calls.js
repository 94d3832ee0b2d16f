const https = require("node:https");
const { request } = require("http");

https.get("https://example.com/", (res) => res.resume()); // expect: CF101
request({ host: "example.com", path: "/" }); // expect: CF101
https.request("https://example.com/", { method: "POST", timeout: 0 }); // expect: CF102
