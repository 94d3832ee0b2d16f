import axios, { AxiosInstance } from "axios";

export class Orders {
  private api = axios.create({ baseURL: "https://orders.internal" });

  constructor(private readonly http: AxiosInstance) {
    this.api.interceptors.request.use((c) => ({ ...c, signal: AbortSignal.timeout(3000) }));
  }

  list() {
    this.http.get("/orders"); // injected: not provably bare
    return this.api.get("/orders"); // an interceptor may set a signal
  }
}
