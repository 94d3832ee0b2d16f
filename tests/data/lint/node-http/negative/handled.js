// A 'timeout' handler that destroys the request bounds the connect (measured on Node 20:
// ends after the 1 s `timeout`; `req.setTimeout(ms, cb)` arms `ms` only once connected, but `cb`
// also runs on the default agent's 5 s socket timeout, which applies while connecting).
const https = require("node:https");

const req = https.request({ host: "example.com", timeout: 3000 });
req.on("timeout", () => req.destroy());
req.end();

https.get("https://example.com/", { timeout: 2000 }, (res) => res.resume())
  .on("error", console.error)
  .on("timeout", function () { this.destroy(); });

const posted = https.request("https://example.com/", { method: "POST" });
posted.setTimeout(10000, () => posted.destroy(new Error("timeout")));
posted.end("{}");

const later = https.request("https://example.com/", { timeout: 2000 });
later.on("timeout", onTimeout); // a named handler may destroy it
later.end();

// The socket's own timeout, set once the request has one: not followed, left alone.
const viaSocket = https.request("https://example.com/");
viaSocket.on("socket", (socket) => {
  socket.setTimeout(3000);
  socket.on("timeout", () => viaSocket.destroy());
});
viaSocket.end();
