import { useEffect, useState } from "react";

export function Profile({ id }: { id: string }) {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    fetch(`/api/users/${id}`).then((r) => r.json()).then(setUser); // browser code: not undici
  }, [id]);
  return <div className="profile">{user?.name}</div>;
}
