// ES import of node-fetch v3 (the shape of a Netlify function handler).
import nodeFetch from "node-fetch";

export const handler = async (event: { body: string }) => {
  const body = JSON.parse(event.body);
  const res = await nodeFetch(body.url, { method: body.method, headers: body.headers }) // expect: CF101
    .then((x) => x.json())
    .catch((error) => ({ error }));
  return { statusCode: 200, body: JSON.stringify(res) };
};
