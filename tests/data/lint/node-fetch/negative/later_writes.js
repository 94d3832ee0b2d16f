// The shape of marcomontalbano/video-to-markdown proxiedFetch.js with a literal: the agent set
// after the literal may carry a connect timeout.
const fetch = require("node-fetch");

const options = { method: "GET" };
options.agent = makeAgent();
module.exports = () => fetch("https://example.com/feed", options);
