// A wrapper whose own options are literal: the call inside it is judged (the POST of
// samcorcos/timer-example handler.js, moved into a helper). `global.fetch || require("node-fetch")`
// and wrappers that take the caller's options are left alone (negative/wrappers.js).
import fetch from "node-fetch";

export async function postJson(url: string, payload: unknown) {
  const res = await fetch(url, { // expect: CF101
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  return res.json();
}
