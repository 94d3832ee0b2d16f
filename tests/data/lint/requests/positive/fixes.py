import requests

requests.get("https://example.com", timeout=75)  # expect: CF103
