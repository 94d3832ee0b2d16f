"""Python messages: one line, what really bounds the call, and a fix that keeps working code
working (issue 10, items 4 and 8): only the connect part changes, never above the maximum."""

from __future__ import annotations

import pytest

from checker.lint.run import lint_source

HEAD = (
    "import requests, httpx, urllib3, aiohttp, boto3, socket, http.client, urllib.request\n"
    "import psycopg2, pymysql, redis, pymongo\n"
    "from botocore.config import Config\n"
)


def messages(source: str, maximum: float = 5.0) -> list[str]:
    findings, error = lint_source("app.py", (HEAD + source).encode(), maximum)
    assert error is None
    return [f"{f.rule} {f.message}" for f in findings]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            "requests.get(u, timeout=75)",
            "CF103 requests.get(): connect timeout of 75 s is above the 5 s maximum; set timeout=(3.05, 75)",
        ),
        (
            "requests.get(u, timeout=(30, 120))",
            "CF103 requests.get(): connect timeout of 30 s is above the 5 s maximum; set timeout=(3.05, 120)",
        ),
        (
            "requests.get(u, timeout=(None, read))",
            "CF102 requests.get(): connect timeout disabled (timeout=(None, read)); "
            "set the connect part of this (connect, read) tuple to 3.05",
        ),
        (
            "httpx.get(u, timeout=30)",
            "CF103 httpx.get(): connect timeout of 30 s is above the 5 s maximum; "
            "set timeout=httpx.Timeout(30, connect=3)",
        ),
        (
            "urllib3.PoolManager(timeout=urllib3.Timeout(total=30, read=20))",
            "CF103 urllib3.PoolManager(): connect timeout of 30 s is above the 5 s maximum; "
            "set connect=3 in this urllib3.Timeout",
        ),
        (
            "aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300))",
            "CF103 aiohttp.ClientSession(): connect timeout of 300 s is above the 5 s maximum; "
            "set sock_connect=3 in this ClientTimeout (the rest unchanged)",
        ),
        (
            "boto3.client('s3', config=Config(signature_version='s3v4'))",
            "CF104 boto3.client(): no connect timeout, and botocore's default is 60 s, above the 5 s "
            "maximum; add connect_timeout=3 to this Config",
        ),
        (
            "boto3.client('s3', config=Config(connect_timeout=30, signature_version='s3v4'))",
            "CF103 boto3.client(): connect timeout of 30 s is above the 5 s maximum; "
            "set connect_timeout=3 in this Config",
        ),
        (
            "urllib.request.urlopen(u, timeout=30)",
            "CF103 urllib.request.urlopen(): connect timeout of 30 s is above the 5 s maximum; lower "
            "timeout= only if every read fits in it, or connect with a client that has a connect-only "
            "timeout (urllib3, requests): urlopen's one timeout bounds the connect and each read alike",
        ),
        (
            "http.client.HTTPSConnection('h', timeout=30)",
            "CF103 http.client.HTTPSConnection(): connect timeout of 30 s is above the 5 s maximum; "
            "set timeout=3, then conn.sock.settimeout(30) once connected to keep the read timeout",
        ),
    ],
)
def test_a_fix_changes_the_connect_part_and_keeps_the_rest(call: str, message: str) -> None:
    assert messages(call + "\n") == [message]


def test_no_fix_sets_more_than_the_maximum() -> None:
    source = (
        "requests.get(u, timeout=75)\nrequests.get(u)\nboto3.client('s3')\n"
        "psycopg2.connect('host=db')\npymongo.MongoClient('mongodb://db')\n"
        "aiohttp.ClientSession()\n"
    )
    assert [m.rsplit("; ", 1)[1] for m in messages(source, maximum=2.5)] == [
        "set timeout=(2.5, 75)",
        "set timeout=(2.5, None)",
        "set config=Config(connect_timeout=2.5)",
        "set connect_timeout=2",  # libpq takes whole seconds
        "set connectTimeoutMS=2500",
        "set timeout=aiohttp.ClientTimeout(total=300, sock_connect=2.5)",
    ]
    assert messages("requests.get(u, timeout=75)\n", maximum=3)[0].endswith(
        "set timeout=(3, 75)"
    )  # under a 3 s maximum, not 3.05


def test_unbounded_defaults_say_what_really_ends_the_wait() -> None:
    found = messages("requests.get(u)\nredis.Redis(host='cache')\nsocket.create_connection(a)\n")
    assert found == [
        "CF101 requests.get(): no connect timeout, and requests sets none by default, so a "
        "dropped connect lasts until the kernel gives up (about 130 s) or the function times "
        "out; set timeout=(3.05, None)",
        "CF101 redis.Redis(): no connect timeout, and redis-py before 8.0 sets none, so a "
        "dropped connect lasts until the kernel gives up (about 130 s) or the function times "
        "out, and 8.x retries its 5 s default (a dropped connect took 59 s with 8.1); set "
        "socket_connect_timeout=3",
        "CF101 socket.create_connection(): no connect timeout, and socket.create_connection "
        "sets none by default, so a dropped connect lasts until the kernel gives up (about "
        "130 s) or the function times out; set timeout=3, then sock.settimeout(None) once "
        "connected to keep reads as they were",
    ]
    assert not any("forever" in m or "\n" in m for m in found)


def test_a_call_spread_over_lines_is_one_line() -> None:
    found = messages("requests.get(\n    u,\n    timeout=(\n        None,\n        5,\n    ),\n)\n")
    assert found == [
        "CF102 requests.get(): connect timeout disabled (timeout=(None, read)); set timeout=(3.05, 5)"
    ]


def test_aiohttp_request_timeout_none_replaces_the_session_bound() -> None:
    source = (
        "async def f(u):\n"
        "    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(sock_connect=1))"
        " as s:\n"
        "        await s.get(u, timeout=None)\n"
    )
    assert messages(source) == [
        "CF102 s.get(): connect timeout disabled (timeout=None); "
        "set timeout=aiohttp.ClientTimeout(total=None, sock_connect=3)"
    ]


def test_sqlalchemy_fix_names_connect_args() -> None:
    source = (
        "from sqlalchemy import create_engine\n"
        "e = create_engine('postgresql://db/app', connect_args={'sslmode': 'require'})\n"
        "f = create_engine('mysql+pymysql://db/app')\n"
    )
    assert messages(source) == [
        "CF101 create_engine(): no connect timeout, and libpq sets none by default, so a dropped "
        "connect lasts until the kernel gives up (about 130 s) or the function times out; "
        'add "connect_timeout": 3 to connect_args',
        "CF104 create_engine(): no connect timeout, and PyMySQL's default is 10 s, above the 5 s "
        'maximum; set connect_args={"connect_timeout": 3}',
    ]
