import { Agent, Pool, request, buildConnector } from "undici";

const agent = new Agent({ connect: { timeout: 3000 } });
const pool = new Pool("https://api.internal", { connectTimeout: 2000 });
const custom = new Pool("https://api.internal", { connect: buildConnector({ timeout: 2000 }) });

export async function load(path, options) {
  await request(`https://api.internal${path}`, { dispatcher: agent });
  await request(`https://api.internal${path}`, options); // options unknown
  return request(`https://api.internal${path}`, { signal: AbortSignal.timeout(3000) });
}
