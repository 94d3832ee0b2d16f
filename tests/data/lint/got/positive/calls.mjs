import got from "got";

const client = got.extend({ prefixUrl: "https://api.example.com" });

export async function go() {
  await got("https://example.com"); // expect: CF101
  await got.post("https://example.com", { json: {}, timeout: { response: 1000 } }); // expect: CF101
  await got.get("https://example.com", { timeout: { connect: 20000 } }); // expect: CF103
  await client.get("items"); // expect: CF101
}
