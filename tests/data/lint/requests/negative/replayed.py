"""Sessions replayed from a cassette (requests-toolbelt tests/test_auth.py: get_betamax(session))
and calls that only the type checker sees."""
from typing import TYPE_CHECKING

import betamax
import requests

from . import get_betamax


class TestGuessAuth:
    def setup_method(self):
        self.session = requests.Session()
        self.recorder = get_betamax(self.session)

    def test_basic(self):
        with self.recorder.use_cassette("basic"):
            return self.session.get("http://httpbin.org/basic-auth/user/passwd")


def recorded():
    session = requests.Session()
    recorder = betamax.Betamax(session)
    with recorder.use_cassette("x"):
        return session.get("https://example.com")


if TYPE_CHECKING:
    reveal_type(requests.get("https://example.com"))
