import axios, { AxiosInstance } from "axios";

export class Billing {
  private readonly http: AxiosInstance = axios.create({ baseURL: "https://billing.internal" });
  #audit = axios.create({ timeout: 0 }); // expect: CF102

  async invoice(id: string) {
    await this.#audit.post("/log", { id });
    return this.http.get(`/invoices/${id}`); // expect: CF101
  }
}
