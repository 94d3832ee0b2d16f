import axios from "axios";

export function Button({ url }) {
  const onClick = () => axios.get(url, { signal: AbortSignal.timeout(4000) });
  return <button onClick={onClick}>Load</button>;
}
