import AWS from "aws-sdk";

const s3 = new AWS.S3({ httpOptions: { connectTimeout: 2000, timeout: 10000 } });
const config = new AWS.Config({ region: "eu-west-1" });
