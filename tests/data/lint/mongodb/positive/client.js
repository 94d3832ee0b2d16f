const { MongoClient } = require("mongodb");

const client = new MongoClient("mongodb://db.internal:27017"); // expect: CF104
const never = new MongoClient("mongodb://db.internal", { connectTimeoutMS: 0 }); // expect: CF102
MongoClient.connect("mongodb://db.internal/?connectTimeoutMS=60000"); // expect: CF103
