// Measures which Node.js client options bound a connect that never completes.
//
// A blackhole on 127.0.0.1: a socket listening with backlog 0 whose accept queue is kept full
// by one connection that is never accepted, so further SYNs are dropped (as a security group
// drops them). Loopback only. Each case runs with a TIMEOUT_MS timeout (1000) and a CAP_MS cap (6000): "bounded"
// means the client gave up by itself, "unbounded" that it was still connecting at the cap.
//
//   npm install --prefix bench/out/npm axios node-fetch@2 undici ioredis
//   NODE_PATH=bench/out/npm/node_modules node bench/js/connect_timeouts.mjs
//
// Cases whose package is not installed are skipped; ONLY=<regex> runs the matching cases. Prints one JSON line per case.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import http from "node:http";

const require = createRequire(process.env.NODE_PATH ? `${process.env.NODE_PATH}/` : import.meta.url);
const CAP_MS = Number(process.env.CAP_MS || 6000);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 1000);

function blackhole() {
  // Python holds the listening socket: Node's own servers always accept.
  const code = [
    "import socket, sys, time",
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
    "port = s.getsockname()[1]",
    "held = [socket.create_connection(('127.0.0.1', port), timeout=2)]",
    "probe = socket.socket(); probe.settimeout(1)",
    "try:\n    probe.connect(('127.0.0.1', port)); held.append(probe)\nexcept OSError:\n    pass",
    "print(port, flush=True)",
    "sys.stdin.read()",
  ].join("\n");
  const child = spawn(process.env.PYTHON || "python3", ["-c", code], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve) => {
    child.stdout.once("data", (data) => resolve({ port: Number(String(data).trim()), child }));
  });
}

function optional(name) {
  try {
    return require(name);
  } catch {
    return null;
  }
}

function version(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return null;
  }
}

// Each case returns a promise that settles when the client gives up; the cap decides otherwise.
function cases(url, port) {
  const axios = optional("axios");
  const fetch2 = optional("node-fetch");
  const undici = optional("undici");
  const Redis = optional("ioredis");
  const list = [];
  const nodeHttp = (options, arm) => () => new Promise((resolve, reject) => {
    const req = http.request(url, options);
    arm?.(req);
    req.on("error", reject);
    req.on("response", resolve);
    req.end();
    return req;
  });
  list.push(["node-http timeout option alone", nodeHttp({ timeout: TIMEOUT_MS })]);
  list.push(["node-http timeout option + on('timeout', destroy)",
    nodeHttp({ timeout: TIMEOUT_MS }, (req) => req.on("timeout", () => req.destroy(new Error("timeout"))))]);
  list.push(["node-http req.setTimeout(ms, destroy)",
    nodeHttp({}, (req) => req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("timeout"))))]);
  list.push(["node-http connect-only timer on 'socket' (the suggested fix)",
    nodeHttp({}, (req) => req.on("socket", (s) => {
      if (s.connecting) {
        const t = setTimeout(() => req.destroy(new Error("connect timeout")), TIMEOUT_MS);
        s.once("connect", () => clearTimeout(t));
      }
    }))]);
  list.push(["node-http signal: AbortSignal.timeout", nodeHttp({ signal: AbortSignal.timeout(TIMEOUT_MS) })]);
  list.push(["global fetch, no signal", () => fetch(url)]);
  list.push(["global fetch, signal", () => fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })]);
  if (axios) {
    const a = axios.default || axios;
    list.push([`axios ${version("axios")} timeout`, () => a.get(url, { timeout: TIMEOUT_MS })]);
    list.push([`axios ${version("axios")} timeout, maxRedirects 0`,
      () => a.get(url, { timeout: TIMEOUT_MS, maxRedirects: 0 })]);
    list.push([`axios ${version("axios")} create({timeout})`, () => a.create({ timeout: TIMEOUT_MS }).get(url)]);
    list.push([`axios ${version("axios")} no timeout`, () => a.get(url)]);
  }
  if (fetch2) {
    const f = fetch2.default || fetch2;
    list.push([`node-fetch ${version("node-fetch")} timeout option`, () => f(url, { timeout: TIMEOUT_MS })]);
    list.push([`node-fetch ${version("node-fetch")} signal`, () => f(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })]);
    list.push([`node-fetch ${version("node-fetch")} no options`, () => f(url)]);
  }
  if (undici) {
    const v = version("undici");
    list.push([`undici ${v} request(), default`, () => undici.request(url)]);
    list.push([`undici ${v} Agent({connect: {timeout}})`,
      () => undici.request(url, { dispatcher: new undici.Agent({ connect: { timeout: TIMEOUT_MS } }) })]);
    list.push([`undici ${v} Agent({connectTimeout})`,
      () => undici.request(url, { dispatcher: new undici.Agent({ connectTimeout: TIMEOUT_MS }) })]);
    list.push([`undici ${v} Pool({connect: {timeout}})`,
      () => new undici.Pool(url, { connect: { timeout: TIMEOUT_MS } }).request({ path: "/", method: "GET" })]);
    list.push([`undici ${v} Client default`,
      () => new undici.Client(url).request({ path: "/", method: "GET" })]);
  }
  if (Redis) {
    const R = Redis.default || Redis;
    const redis = (options) => () => new Promise((resolve, reject) => {
      const client = new R({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0,
        retryStrategy: () => null, ...options });
      client.connect().then(resolve, (e) => { client.disconnect(); reject(e); });
    });
    list.push([`ioredis ${version("ioredis")} connectTimeout`, redis({ connectTimeout: TIMEOUT_MS })]);
    list.push([`ioredis ${version("ioredis")} default`, redis({})]);
  }
  return list;
}

const { port, child } = await blackhole();
const url = `http://127.0.0.1:${port}/`;
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
for (const [name, run] of cases(url, port)) {
  if (only && !only.test(name)) continue;
  const started = performance.now();
  let outcome;
  try {
    outcome = await Promise.race([
      run().then(() => "answered", (e) => `gave up: ${e.code || e.name || ""} ${String(e.message).slice(0, 60)}`),
      new Promise((r) => setTimeout(() => r("unbounded: still connecting at the cap"), CAP_MS).unref()),
    ]);
  } catch (e) {
    outcome = `threw: ${e}`;
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  console.log(JSON.stringify({ case: name, seconds, outcome, node: process.version }));
}
child.stdin.end();
child.kill();
process.exit(0);
