// undici's own API: Agent, Pool, Client and request() connect with a 10 s default (undici 6.29.1,
// measured: still connecting at the 5 s cap; UND_ERR_CONNECT_TIMEOUT after `connect.timeout`).
import { Agent, Pool, Client, request } from "undici";
import * as undici from "undici";

// Shape of a real Agent tuned for slow responses and not for connects (headersTimeout only).
const agent = new Agent({ keepAliveTimeout: 10_000, headersTimeout: 300_000, bodyTimeout: 0 }); // expect: CF104
const pool = new Pool("https://api.internal", { connections: 16 }); // expect: CF104
const client = new undici.Client("https://api.internal"); // expect: CF104
const slow = new Pool("https://api.internal", { connect: { timeout: 30_000 } }); // expect: CF103
const never = new Agent({ connectTimeout: 0 }); // expect: CF102

export async function load(path) {
  const { body } = await request(`https://api.internal${path}`); // expect: CF104
  return body.json();
}
