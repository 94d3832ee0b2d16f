/* global window document localStorage fetch alert */
// Browser code in a plain .js file (the shape of serverless/examples
// aws-node-auth0-custom-authorizers-api/frontend/app.js): its fetch is the browser's, not undici.
const PUBLIC_ENDPOINT = "https://your-aws-endpoint-here.amazonaws.com/dev/api/public";

document.getElementById("btn-public").addEventListener("click", () => {
  fetch(PUBLIC_ENDPOINT, { cache: "no-store", method: "POST" })
    .then((response) => response.json())
    .then((data) => { document.getElementById("message").textContent = data.message; });
});
localStorage.removeItem("id_token");
