# The only import is requests' vendored spelling of urllib3: the prefilter must admit it (issue 11).
from requests.packages.urllib3 import PoolManager

http = PoolManager()
response = http.request("GET", "https://example.com")  # expect: CF101
