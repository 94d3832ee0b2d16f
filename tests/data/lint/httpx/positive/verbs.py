"""Every verb of the httpx API and its clients with timeout=None (what Ruff S113 flags for httpx)."""
import httpx

API = "https://api.example.com/v1/items"

httpx.get(API, timeout=None)  # expect: CF102
httpx.options(API, timeout=None)  # expect: CF102
httpx.head(API, timeout=None)  # expect: CF102
httpx.post(API, json={}, timeout=None)  # expect: CF102
httpx.put(API, content=b"x", timeout=None)  # expect: CF102
httpx.patch(API, content=b"x", timeout=None)  # expect: CF102
httpx.delete(API, timeout=None)  # expect: CF102
httpx.Client(timeout=None)  # expect: CF102
httpx.AsyncClient(timeout=None)  # expect: CF102
with httpx.Client(timeout=None) as client:  # expect: CF102
    client.get(API)


async def fetch_all():
    async with httpx.AsyncClient(timeout=None) as http:  # expect: CF102
        return await http.get(API)
