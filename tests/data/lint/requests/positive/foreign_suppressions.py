"""Other codes, and a timeout that is set but too long, are not what those comments silence."""
import requests

requests.get("https://example.com")  # noqa: E501  # expect: CF101
requests.get("https://example.com")  # nosec B105  # expect: CF101
requests.get("https://example.com", timeout=60)  # noqa: S113  # expect: CF103
