// Clients derived from or wrapped around a base client: the base is judged once, where it is
// built; the derived ones are not reported again. Shapes of Sam152/tracking-poker
// inventory/src/dynamo/client.ts, davidtaing/serverless-webhook-client packages/core/src/database.ts
// and middyjs/middy packages/ecs-batch/pollDynamoDBStreams.js (a default when none is passed in).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { captureAWSv3Client } from "aws-xray-sdk";

const mainClient = new DynamoDBClient({}); // expect: CF101
export const client = captureAWSv3Client(DynamoDBDocumentClient.from(mainClient));

const dynamoClient = new DynamoDBClient(); // expect: CF101
export const docClient = DynamoDBDocumentClient.from(dynamoClient);

export const poll = (opts: { client?: DynamoDBStreamsClient }) => {
  const streams = opts.client ?? new DynamoDBStreamsClient({}); // expect: CF101
  return streams;
};
