export async function handler(event) {
  const res = await fetch(event.url); // expect: CF104
  await fetch("https://api.example.com/a", { method: "POST", body: "{}" }); // expect: CF104
  await fetch("https://api.example.com/b", { signal: AbortSignal.timeout(60_000) }); // expect: CF103
  return res.json();
}

import { fetch as undiciFetch } from "undici";
await undiciFetch("https://api.example.com/c"); // expect: CF104
