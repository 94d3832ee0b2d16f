const axios = require("axios").default;

module.exports = async function handler(event) {
  const res = await axios.request({ url: event.url }); // expect: CF101
  return res.data;
};
