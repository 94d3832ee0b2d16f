"""Every verb of the requests API, bare and with timeout=None (the forms Ruff S113 and Bandit B113 know)."""
import requests

API = "https://api.example.com/v1/items"

requests.get(API)  # expect: CF101
requests.get(API, timeout=None)  # expect: CF102
requests.options(API)  # expect: CF101
requests.options(API, timeout=None)  # expect: CF102
requests.head(API)  # expect: CF101
requests.head(API, timeout=None)  # expect: CF102
requests.post(API, json={})  # expect: CF101
requests.post(API, json={}, timeout=None)  # expect: CF102
requests.put(API, data="x")  # expect: CF101
requests.put(API, data="x", timeout=None)  # expect: CF102
requests.patch(API, data="x")  # expect: CF101
requests.patch(API, data="x", timeout=None)  # expect: CF102
requests.delete(API)  # expect: CF101
requests.delete(API, timeout=None)  # expect: CF102
requests.request("GET", API)  # expect: CF101
requests.request("GET", API, timeout=None)  # expect: CF102
