const AWS = require("aws-sdk");
const SQS = require("aws-sdk/clients/sqs");

const s3 = new AWS.S3(); // expect: CF101
const docs = new AWS.DynamoDB.DocumentClient({ httpOptions: { timeout: 5000 } }); // expect: CF101
const sqs = new SQS({ httpOptions: { connectTimeout: 20000 } }); // expect: CF103
