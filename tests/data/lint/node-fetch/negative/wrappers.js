// Wrappers real code puts around node-fetch: the options come from the caller, so nothing is
// guessed. Shapes of marcomontalbano/video-to-markdown src/lambda/classes/proxiedFetch.js (a proxy
// agent added to the caller's options) and of a fetchWithProxy helper that arms an
// AbortController (its signal's timing is not a literal).
import nodeFetch from "node-fetch";
import HttpsProxyAgent from "https-proxy-agent";

const { HTTP_PROXY } = process.env;

export const proxiedFetch = (url, options = {}) => {
  if (HTTP_PROXY) {
    options.agent = new HttpsProxyAgent(HTTP_PROXY);
  }
  return nodeFetch(url, options);
};

export async function fetchWithTimeout(url, { timeout = 30000, ...init } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    return await nodeFetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

export async function withSignal(url) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 3000);
  return nodeFetch(url, { signal: controller.signal });
}

// Either the runtime's fetch or node-fetch: not known which (a worker's `global.fetch ||
// require('node-fetch')`).
const anyFetch = globalThis.fetch || require("node-fetch");
export const ping = () => anyFetch("https://example.com/health");
