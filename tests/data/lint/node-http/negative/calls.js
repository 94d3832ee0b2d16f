import https from "https";
import http from "node:http";

export function go(options, url) {
  https.get("https://example.com/", { timeout: 3000 }, (res) => res.resume());
  http.request(options); // the options object is not visible
  https.request(url, { agent: keepAlive }); // an agent may carry a timeout
  http.get({ host: "example.com", timeout: 2000 });
}
