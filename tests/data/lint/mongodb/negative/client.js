import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGODB_URI);
const quick = new MongoClient("mongodb://db.internal", { connectTimeoutMS: 2000 });
const bounded = new MongoClient("mongodb://db.internal/?timeoutMS=4000");
