import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

// A spread may carry requestHandler (the shape of a shared client module that adds a local
// endpoint only when DYNAMODB_ENDPOINT is set).
export const dynamoClient = new DynamoDBClient({
  region: process.env.AWS_REGION,
  ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
});

// A bounded base client: the derived document client inherits its handler.
const base = new DynamoDBClient({
  requestHandler: new NodeHttpHandler({ connectionTimeout: 2000, requestTimeout: 10000 }),
});
export const docs = DynamoDBDocumentClient.from(base);
