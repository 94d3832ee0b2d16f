// A chain split over lines: the message names it on one line (`axios.get()`).
import axios from "axios";

export const ping = () =>
  axios // expect: CF101
    .get("https://billing.internal/health");
