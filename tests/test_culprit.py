"""Which line to fix: a failing destination linked to the lint sites of the library behind it."""

from __future__ import annotations

from checker.clients import BY_NAME, LINTED_RUNTIMES
from checker.culprit import Site, libraries_for, link, order_key, service_libraries, site
from checker.lint.model import LintFinding
from tests.render import sample_reports

PG = (
    "new Pool(): no connect timeout, and pg waits forever by default (0 = no limit); "
    "set connectionTimeoutMillis: 3000"
)
AXIOS = "axios.post(): no connect timeout; set signal: AbortSignal.timeout(5000)"
BOTO = (
    "boto3.client(): no connect timeout, and botocore's default is 60 s, above the 5 s "
    "maximum; set config=Config(connect_timeout=3, read_timeout=10)"
)


def _site(path: str, line: int, library: str, message: str, changed: bool = False) -> Site:
    return Site(path, line, message, library, "CF101", changed)


def test_every_library_in_the_table_is_one_the_linter_knows_for_that_runtime() -> None:
    assert LINTED_RUNTIMES == {"nodejs", "python"}
    for (service, runtime), libraries in service_libraries().items():
        assert runtime in LINTED_RUNTIMES, service
        assert all(BY_NAME[lib].runtime == runtime and BY_NAME[lib].reported for lib in libraries), service


def test_the_service_table_is_the_one_the_registry_declares() -> None:
    assert service_libraries()[("PostgreSQL", "python")] == ("psycopg2", "psycopg")
    assert service_libraries()[("Redis", "nodejs")] == ("ioredis",)
    assert service_libraries()[("AWS API", "python")] == ("botocore",)
    assert service_libraries()[("OpenSearch", "nodejs")] == ("axios", "fetch", "node-http", "got")
    assert set(service_libraries()[("HTTP", "python")]) == {
        "requests",
        "httpx",
        "urllib3",
        "urllib.request",
        "http.client",
        "aiohttp",
    }


def test_the_service_and_the_runtime_choose_the_libraries() -> None:
    assert libraries_for("PostgreSQL", ("nodejs",)) == ("pg",)
    assert libraries_for("PostgreSQL", ("python",)) == ("psycopg2", "psycopg")
    assert libraries_for("DynamoDB", ("python",)) == ("botocore",)  # any AWS endpoint
    assert libraries_for("Secrets Manager", ("nodejs",)) == ("aws-sdk-v3", "aws-sdk-v2")
    assert libraries_for("HTTPS", ("nodejs",)) == ("axios", "fetch", "node-http", "got")
    assert libraries_for("PostgreSQL", ("java",)) == ()  # the linter has no Java table
    assert libraries_for(None, ("nodejs",)) == ()


def test_postgres_from_node_points_at_the_pool_not_the_http_call() -> None:
    finding = sample_reports.vpc_postgres().findings[0]
    sites = [_site("src/notify.js", 8, "axios", AXIOS), _site("src/db.js", 12, "pg", PG)]
    culprit = link(finding, sites)
    assert culprit is not None
    assert [s.where for s in culprit.sites] == ["src/db.js:12"]
    assert (culprit.destination.host, culprit.invocations, culprit.waited_s) == ("10.0.3.47", 28, 127.3)
    assert culprit.sentence() == (
        f"likely culprit: src/db.js:12 — {PG}; these 28 invocations each waited ~127 s"
    )


def test_dynamodb_from_python_points_at_the_boto3_client() -> None:
    finding = sample_reports.python_dynamodb().findings[0]
    sites = [
        _site("handlers/render.py", 40, "requests", "requests.get(): ..."),
        _site("handlers/sync.py", 7, "botocore", BOTO),
    ]
    culprit = link(finding, sites)
    assert culprit is not None and culprit.destination.service == "DynamoDB"
    assert [s.where for s in culprit.sites] == ["handlers/sync.py:7"]


def test_no_site_of_the_right_library_is_no_culprit() -> None:
    finding = sample_reports.vpc_postgres().findings[0]
    assert link(finding, [_site("src/notify.js", 8, "axios", AXIOS)]) is None
    assert link(finding, []) is None


def test_sites_on_changed_lines_come_first_then_changed_files() -> None:
    changed = {"src/new.js": frozenset({3}), "src/touched.js": frozenset({99}), "src/binary.js": None}
    findings = [
        LintFinding(p, line, 1, "CF101", "error", PG, "pg")
        for p, line in (("src/old.js", 1), ("src/touched.js", 5), ("src/new.js", 3), ("src/binary.js", 2))
    ]
    sites = sorted((site(f, f.path, changed) for f in findings), key=lambda s: order_key(s, changed))
    assert [(s.where, s.changed) for s in sites] == [
        ("src/binary.js:2", True),  # a file without a patch: every line counts as changed
        ("src/new.js:3", True),
        ("src/touched.js:5", False),
        ("src/old.js:1", False),
    ]
    culprit = link(sample_reports.vpc_postgres().findings[0], sites)
    assert culprit is not None and culprit.sentence().endswith("(3 more sites of pg)")
