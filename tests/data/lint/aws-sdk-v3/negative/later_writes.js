// A later write may set the option the literal lacks: `config.requestHandler = ...` or
// `Object.assign(options, ...)` make those keys unknown, and nothing is guessed.
const { S3Client } = require("@aws-sdk/client-s3");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

const config = { region: "eu-west-1" };
if (process.env.S3_TIMEOUTS) {
  config.requestHandler = new NodeHttpHandler({ connectionTimeout: 3000 });
}
const s3 = new S3Client(config);

const options = { region: "eu-west-1" };
Object.assign(options, loadSettings());
const other = new S3Client(options);
module.exports = { s3, other };
