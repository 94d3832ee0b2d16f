import got from "got";

const client = got.extend({ timeout: { connect: 2000, request: 10000 } });

export async function go(options) {
  await got("https://example.com", { timeout: { request: 5000 } });
  await got("https://example.com", options);
  await client.get("items");
  await client("items");
}
