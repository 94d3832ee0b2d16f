// node-fetch v2's `timeout` starts when the socket is assigned, so it bounds the connect
// (measured with 2.7.0: FetchError "network timeout" after 1.0 s); v3 ignores it, so a call
// with `timeout` is left alone. A signal bounds both.
const fetch = require("node-fetch");

module.exports.handler = async (event, init) => {
  await fetch(event.url, { timeout: 5000 });
  await fetch(event.url, { signal: AbortSignal.timeout(3000) });
  // A signal bounds the whole transfer and node-fetch has no connect-only knob: never judged
  // against the connect maximum (lowering it would cut slow responses).
  await fetch(event.url, { signal: AbortSignal.timeout(20_000) });
  await fetch(event.url, init); // the options are not visible
  await fetch(event.url, { agent: event.agent }); // an agent may carry a connect timeout
};
