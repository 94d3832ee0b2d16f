import axios from "axios";

const api = axios.create({ baseURL: "https://api.example.com" });
api.interceptors.request.use((config) => ({ ...config, signal: AbortSignal.timeout(3000) }));

export async function load(id, options) {
  await api.get(`/items/${id}`); // the interceptor may set a signal
  await axios.get("/a", { signal: AbortSignal.timeout(3000) });
  await axios.get("/b", options); // options unknown
  await axios.get("/c", { ...options, timeout: 5000 }); // a spread may carry a signal
  await axios.get("/d"); // connfail: ignore[CF101]
  const cache = new Map();
  return cache.get(id);
}
