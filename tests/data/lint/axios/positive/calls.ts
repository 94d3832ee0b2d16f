import axios, { AxiosInstance } from "axios";

const api: AxiosInstance = axios.create({ baseURL: "https://api.example.com" });
const unlimited = axios.create({ timeout: 0 }); // expect: CF102

export async function load(id: string): Promise<Item> {
  const item = await api.get<Item>(`/items/${id}`); // expect: CF101
  await axios.post("/audit", { id }); // expect: CF101
  await axios({ url: "/x", method: "get", timeout: 0 }); // expect: CF102
  await unlimited.get("/y");
  return item.data;
}
