import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const handler = new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: 10000 });
const s3 = new S3Client({ region: "eu-west-1", requestHandler: handler });
const other = new S3Client({ requestHandler: { connectionTimeout: 2000 } });
export function make(config: object) {
  return new S3Client(config);
}
export const command = new GetObjectCommand({ Bucket: "b", Key: "k" });
// Since 2025, requestTimeout with throwOnRequestTimeout ends a request that is still connecting.
export const strict = new S3Client({
  requestHandler: { requestTimeout: 4000, throwOnRequestTimeout: true },
});
