const AWS = require("aws-sdk");
const SQS = require("aws-sdk/clients/sqs");

const s3 = new AWS.S3(); // expect: CF101
// httpOptions.timeout is armed once the socket connects (aws-sdk-js lib/http/node.js:
// stream.setTimeout on the request, with the SDK's own agent): it does not bound the connect.
const docs = new AWS.DynamoDB.DocumentClient({ httpOptions: { timeout: 5000 } }); // expect: CF101
const sqs = new SQS({ httpOptions: { connectTimeout: 20000 } }); // expect: CF103
