import https from "https";
import http from "node:http";

export function go(options, url, keepAlive) {
  http.request(options); // the options object is not visible
  https.request(url, { agent: keepAlive }); // an agent may carry a timeout
  https.get(url, { signal: AbortSignal.timeout(3000) });
  return https.request(url); // the caller may handle 'timeout'
}
