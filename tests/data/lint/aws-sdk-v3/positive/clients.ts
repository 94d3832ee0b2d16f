import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const s3 = new S3Client({ region: "eu-west-1" }); // expect: CF101
const ddb = new DynamoDBClient({ requestHandler: new NodeHttpHandler({ connectionTimeout: 0 }) }); // expect: CF102
const slow = new S3Client({ requestHandler: { connectionTimeout: 10000 } }); // expect: CF103
const bare = new DynamoDBClient(); // expect: CF101
// requestTimeout does not bound the connect: smithy's setConnectionTimeout is the only timer that
// runs while connecting (smithy-typescript packages/node-http-handler/src/set-connection-timeout.ts),
// requestTimeout only warns unless throwOnRequestTimeout is set.
const reads = new S3Client({ requestHandler: new NodeHttpHandler({ requestTimeout: 30_000 }) }); // expect: CF101
const plain = new S3Client({ requestHandler: { requestTimeout: 30_000 } }); // expect: CF101
export const get = (key: string) => s3.send(new GetObjectCommand({ Bucket: "b", Key: key }));
