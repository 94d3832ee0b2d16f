// A Node handler that binds `document` itself is not browser code: its fetch is undici's.
export async function handler(event) {
  const document = JSON.parse(event.body);
  await fetch("https://api.example.com/docs", { method: "POST", body: JSON.stringify(document) }); // expect: CF104
}
