// axios's `timeout` bounds the connect too (measured: bench/js/connect_timeouts.mjs, axios 1.6.0,
// ECONNABORTED after 1.0 s against a port that drops SYNs): a positive timeout is never reported,
// even above the connect maximum (lowering it would cut slow responses).
import axios from "axios";

const api = axios.create({ baseURL: "https://api.example.com", timeout: 10000 });
const slow = axios.create({ timeout: 60_000 });
const shared = axios.create({ baseURL: "https://shared.internal" });
shared.defaults.timeout = 4000;
axios.defaults.timeout = 2500;

export async function load(id: string) {
  await api.get(`/items/${id}`);
  await slow.post("/reports", { id });
  await shared.get("/z");
  await axios.get("/a");
  await api.get("/b", { timeout: 30000 });
  await axios.get("/slow", { signal: AbortSignal.timeout(30000) }); // a signal bounds it too
}
