const AWS = require("aws-sdk");

AWS.config.update({ httpOptions: { connectTimeout: 3000 } });
const s3 = new AWS.S3(); // the global config sets connectTimeout
const credentials = new AWS.SharedIniFileCredentials({ profile: "default" });
