// The shape of serverless/serverless packages/serverless/lib/plugins/aws/domains/aws/acm-wrapper.js:
// a config literal completed by later writes that set no timeout, and the client wrapped by a
// helper (the client is still the one built here).
const { ACMClient } = require("@aws-sdk/client-acm");

class ACMWrapper {
  constructor(credentials, region) {
    const config = {
      region,
      endpoint: process.env.ACM_ENDPOINT,
    };
    if (credentials) {
      config.credentials = credentials;
    }
    this.acm = addProxyToAwsClient(new ACMClient(config)); // expect: CF101
  }
}
module.exports = ACMWrapper;
