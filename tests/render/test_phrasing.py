"""The shared sentences (checker.phrasing), as every output prints them."""

from __future__ import annotations

from dataclasses import replace

from checker.cost import TimeoutPattern, Wasted
from checker.github.summary import check_summary
from checker.phrasing import (
    billed,
    connect_attempts,
    destination,
    plural,
    time_window,
    tries,
    unbounded_calls,
    wasted,
    with_service,
    would_have_saved,
)
from checker.remediation import _timeout_sentence
from checker.render.text import timeout_sentence
from tests.render import sample_reports

PATTERN = TimeoutPattern(
    duration_s=30.2,
    invocations=12,
    attempts=3,
    per_attempt_s=10.05,
    function_timeouts=0,
    saved_s=1234.4,
    saved_usd=0.0123,
    known_as=None,
    per_attempt_from="logged-attempts",
)


def test_counts_destinations_and_windows() -> None:
    assert [plural(1, "invocation"), plural(0, "export"), plural(2, "function")] == [
        "1 invocation",
        "0 exports",
        "2 functions",
    ]
    assert destination("db.internal", 5432) == "db.internal:5432"
    assert destination("2600:1f18::1", 443) == "[2600:1f18::1]:443"
    assert (destination(None, 5432), destination(None, None)) == ("port 5432", "(not named)")
    assert with_service("10.0.3.47:5432", "PostgreSQL") == "10.0.3.47:5432 (PostgreSQL)"
    assert with_service("10.0.3.47:5432", None) == "10.0.3.47:5432"
    first, last = 1_700_000_000_000, 1_700_000_060_000
    assert time_window(first, last) == "2023-11-14T22:13:20.000Z .. 2023-11-14T22:14:20.000Z"
    assert time_window(first, last, " → ") == "2023-11-14T22:13:20.000Z → 2023-11-14T22:14:20.000Z"
    assert time_window(first, first) == "2023-11-14T22:13:20.000Z"
    assert time_window(None, last) == "not in the export"


def test_billed_time() -> None:
    w = Wasted(3_805_200.5, 3_806_000, 3806.0, 0.063434, invocations_with_report=28)
    assert wasted(w) == "3,805.2 s run (3,806.0 s billed), 3,806.000 GB-s, $0.0634"
    assert billed(w) == "3,806.0 s billed, $0.0634"
    assert billed(replace(w, billed_ms=850)) == "850 ms billed, $0.0634"
    none = Wasted(0, 0, 0.0, 0.0, 0)
    assert (wasted(none), billed(none)) == ("no REPORT lines for the failing invocations", "no REPORT lines")


def test_the_timeout_sentence_is_phrased_once_for_the_report_and_the_remediation() -> None:
    saved = "A 3 s connect timeout would have saved about 1,234 billed seconds ($0.0123)."
    assert would_have_saved(PATTERN) == saved
    assert would_have_saved(replace(PATTERN, saved_s=0.0)) == ""
    assert (tries(1), tries(3)) == ("", " x 3 attempts")
    assert connect_attempts(PATTERN) == (
        "3 connect attempts of about 10.05 s each (from the invocation's start to its last "
        "logged failure, over the failures logged)"
    )
    assert timeout_sentence(PATTERN).endswith(f"{connect_attempts(PATTERN)}. {saved}")
    finding = sample_reports.vpc_postgres().findings[0]
    (remedy,) = _timeout_sentence(replace(finding, timeout=PATTERN))
    waited = "Here the failing invocations waited about 10.05 s x 3 attempts before giving up."
    assert remedy == f"{waited} {saved}"


def test_one_unbounded_client_call_is_singular_in_the_check_summary() -> None:
    report = sample_reports.healthy()
    assert unbounded_calls(1) == "1 client call without a bounded connect timeout"
    one, two = check_summary(report, 1), check_summary(report, 2)
    assert one.endswith("\n\n1 client call without a bounded connect timeout (annotations below).\n")
    assert two.endswith("\n\n2 client calls without a bounded connect timeout (annotations below).\n")


def test_the_status_line_counts_functions_in_the_shared_plural() -> None:
    from checker.analyze import status_line

    assert status_line(sample_reports.python_dynamodb()) == (
        "HIGH: 21 of 52 invocations could not connect in 2 functions"
    )
    assert status_line(sample_reports.vpc_postgres()) == (
        "HIGH: 28 of 150 invocations could not connect in 1 function"
    )
    assert status_line(sample_reports.healthy()) == "NONE: 0 of 60 invocations could not connect"
