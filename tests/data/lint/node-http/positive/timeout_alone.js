// The `timeout` option only emits 'timeout': nothing ends the connect (measured on Node 20:
// still connecting at the 5 s cap with `timeout: 1000`, bench/js/connect_timeouts.mjs).
import https from "https";
import http from "node:http";

export function go() {
  https.get("https://example.com/", { timeout: 3000 }, (res) => res.resume()); // expect: CF101
  http.get({ host: "example.com", timeout: 2000 }); // expect: CF101
  const req = https.request({ host: "example.com", timeout: 2000 }); // expect: CF101
  req.on("error", console.error);
  req.end();
  const slow = https.request({ host: "example.com", timeout: 30000 }); // expect: CF103
  slow.on("timeout", () => slow.destroy());
  slow.end();
}

// The shape of a common Lambda handler (sridharkidambi/Gl-AIML learnings/Nodejs/jsoncomparer/index.js).
let url = "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html";

exports.handler = async function (event) {
  return new Promise(function (resolve, reject) {
    https.get(url, (res) => { // expect: CF101
      resolve(res.statusCode);
    }).on("error", (e) => {
      reject(Error(e));
    });
  });
};
