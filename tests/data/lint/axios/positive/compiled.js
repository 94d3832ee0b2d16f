"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const axios_1 = __importDefault(require("axios"));
const client = axios_1.default.create({ baseURL: "https://api.example.com" });
async function load(id) {
    return client.get(`/items/${id}`); // expect: CF101
}
exports.load = load;
