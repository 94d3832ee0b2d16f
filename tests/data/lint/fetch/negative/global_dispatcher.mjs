// undici's setGlobalDispatcher may set every fetch's connect timeout: the file's fetch calls are
// left alone (the shape of platformatic/massimo packages/massimo/test/helper.js).
import { setGlobalDispatcher, Agent } from "undici";

setGlobalDispatcher(new Agent({ connect: { timeout: 3000 }, keepAliveTimeout: 1 }));

export const load = (url) => fetch(url);
