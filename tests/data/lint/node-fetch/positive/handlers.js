// Lambda handlers as real code writes them (shapes of FergusMcGlynn/apis-in-aws-serverless
// fetchDataLambda.js and samcorcos/timer-example handler.js). node-fetch sets no timeout: measured
// with 2.7.0, still connecting at the 5 s cap against a port that drops SYNs.
const fetch = require("node-fetch");

exports.handler = async function (event, context, callback) {
  const rawHttpResponse = await fetch("https://putsreq.com/5BG4sgQxkftAzQNkrozi"); // expect: CF101
  const result = await fetch(process.env.POST_URL, { // expect: CF101
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(event),
  });
  callback(null, { statusCode: 200, body: await rawHttpResponse.text() + result.status });
};
