"""Classifier behaviour beyond single wordings: JSON records, merging, evidence text."""

from __future__ import annotations

import json

from checker.detect.classify import classify, might_report_failure
from checker.detect.model import ConnectionFailure

RID = "0b6f3c1e-2d4a-4f7b-9a61-3c8e2f1d7a10"


def where(f: ConnectionFailure) -> tuple[str, str, str | None, int | None]:
    return f.category, f.code, f.host, f.port


def test_structured_fields_give_the_destination_when_the_text_does_not() -> None:
    # A JSON log record whose message text was customised: only the error's own fields say where.
    record = {
        "timestamp": "2026-11-20T10:00:00.000Z",
        "level": "ERROR",
        "requestId": RID,
        "message": "db connect failed",
        "errorType": "Error",
        "errorMessage": "connect failed",
        "code": "ETIMEDOUT",
        "errno": -110,
        "syscall": "connect",
        "address": "10.0.3.47",
        "port": 5432,
    }
    [failure] = classify(json.dumps(record))
    assert where(failure) == ("ETIMEDOUT", "ETIMEDOUT", "10.0.3.47", 5432)
    assert (failure.runtime, failure.service, failure.pattern_id) == (
        "nodejs",
        "PostgreSQL",
        "node-structured",
    )


def test_structured_dns_code_uses_hostname() -> None:
    record = {
        "level": "ERROR",
        "message": "lookup failed",
        "code": "EAI_AGAIN",
        "syscall": "getaddrinfo",
        "hostname": "sqs.us-east-1.amazonaws.com",
    }
    [failure] = classify(json.dumps(record))
    assert where(failure) == ("ENOTFOUND", "EAI_AGAIN", "sqs.us-east-1.amazonaws.com", None)
    assert failure.service == "SQS"


def test_request_library_marks_connect_timeouts() -> None:
    record = {"errorType": "Error", "errorMessage": "ETIMEDOUT", "code": "ETIMEDOUT", "connect": True}
    [failure] = classify(f"2026-11-20T10:00:00.000Z\t{RID}\tERROR\tInvoke Error \t{json.dumps(record)}")
    assert where(failure) == ("ETIMEDOUT", "ETIMEDOUT", None, None)
    record["connect"] = False
    assert classify(f"Invoke Error \t{json.dumps(record)}") == []


def test_a_stack_trace_repeating_one_failure_is_one_record() -> None:
    message = (
        "Error: connect ECONNREFUSED 10.0.1.5:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {\n"
        "  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',\n"
        "  address: '10.0.1.5',\n  port: 5432\n}\n"
        "Error: connect ECONNREFUSED 10.0.1.5:5432\n"
    )
    [failure] = classify(message)
    assert where(failure) == ("ECONNREFUSED", "ECONNREFUSED", "10.0.1.5", 5432)


def test_two_destinations_in_one_event_are_two_records() -> None:
    message = (
        "pymongo.errors.ServerSelectionTimeoutError: 10.0.4.12:27017: [Errno 111] Connection "
        "refused, 10.0.4.13:27017: [Errno 113] No route to host, Timeout: 30s"
    )
    failures = classify(message)
    assert [where(f) for f in failures] == [
        ("ECONNREFUSED", "Errno 111", "10.0.4.12", 27017),
        ("ENETUNREACH", "Errno 113", "10.0.4.13", 27017),
    ]


def test_specific_cause_wins_over_a_generic_wrapper_that_lends_its_url() -> None:
    message = (
        "[ERROR] EndpointConnectionError: Could not connect to the endpoint URL: "
        '"https://secretsmanager.us-east-1.amazonaws.com/"\rTraceback (most recent call last):\r'
        "socket.gaierror: [Errno -3] Temporary failure in name resolution\r"
    )
    [failure] = classify(message)
    assert where(failure) == ("ENOTFOUND", "Errno -3", "secretsmanager.us-east-1.amazonaws.com", 443)
    assert failure.generic is False


def test_a_generic_wrapper_alone_is_flagged_generic() -> None:
    [failure] = classify(
        "botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint"
        ' URL: "https://sts.amazonaws.com/"'
    )
    assert where(failure) == ("ECONNREFUSED", "EndpointConnectionError", "sts.amazonaws.com", 443)
    assert failure.generic is True


def test_message_is_one_stable_line_without_prefix_or_memory_addresses() -> None:
    def line(second: int, address: str) -> str:
        return (
            f"[ERROR]\t2026-11-20T10:00:0{second}.000Z\t{RID}\turllib3.exceptions.ConnectTimeoutError: "
            f"(<urllib3.connection.HTTPSConnection object at {address}>, 'Connection to "
            "api.stripe.com timed out. (connect timeout=5)')"
        )

    [first] = classify(line(0, "0x7f1c2b3d4e50"))
    [again] = classify(line(9, "0x7f99aa00bb11"))
    assert first.message == again.message
    assert first.message.startswith("urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection")
    assert "0x7f1c2b3d4e50" not in first.message


def test_node_message_drops_the_lambda_prefix_and_error_class() -> None:
    [failure] = classify(
        f"2026-11-20T10:00:00.000Z\t{RID}\tERROR\tError: connect ETIMEDOUT 10.0.3.47:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n"
    )
    assert failure.message == "connect ETIMEDOUT 10.0.3.47:5432"


def test_long_lines_are_capped() -> None:
    [failure] = classify("dial tcp 10.0.2.15:5432: connect: connection refused " + "x" * 1000)
    assert len(failure.message) == 300 and failure.message.endswith("…")


def test_prefilter_rejects_ordinary_lines_and_accepts_failures() -> None:
    assert not might_report_failure(f"START RequestId: {RID} Version: $LATEST\n")
    assert not might_report_failure(f"2026-11-20T10:00:00.000Z\t{RID}\tINFO\tprocessed 25 records\n")
    assert might_report_failure("Error: connect ECONNREFUSED 10.0.1.5:5432")


def test_malformed_json_falls_back_to_the_text() -> None:
    [failure] = classify('Invoke Error \t{"errorMessage":"connect ECONNREFUSED 10.0.1.5:5432", "stack": [')
    assert where(failure) == ("ECONNREFUSED", "ECONNREFUSED", "10.0.1.5", 5432)


def test_empty_and_whitespace_messages() -> None:
    assert classify("") == []
    assert classify("\n") == []


def test_application_words_before_the_error_do_not_split_one_error_in_two() -> None:
    logged = classify(
        f"2026-11-20T10:00:00.000Z\t{RID}\tERROR\tFailed to load order Error: connect "
        "ETIMEDOUT 10.0.3.47:5432\n    at TCPConnectWrap.afterConnect (node:net:1555:16)\n"
    )
    thrown = classify(
        f"2026-11-20T10:00:00.100Z\t{RID}\tERROR\tInvoke Error \t"
        '{"errorType":"Error","errorMessage":"connect ETIMEDOUT 10.0.3.47:5432"}'
    )
    assert logged[0].message == thrown[0].message == "connect ETIMEDOUT 10.0.3.47:5432"
    [python] = classify(
        "[ERROR]\t2026-11-20T10:00:00.000Z\t" + RID + "\tcontact sync failed: requests."
        "exceptions.ConnectionError: HTTPSConnectionPool(host='api.partner.example',"
        " port=443): Max retries exceeded with url: /v2 (Caused by NewConnectionError("
        "'<urllib3.connection.HTTPSConnection object at 0x7f0e1d2c3b40>: Failed to "
        "establish a new connection: [Errno 111] Connection refused'))"
    )
    assert python.message.startswith("requests.exceptions.ConnectionError: HTTPSConnectionPool(")


def test_libpq_evidence_is_the_error_line_not_the_hint() -> None:
    [failure] = classify(
        "psycopg2.OperationalError: could not connect to server: Connection refused\n"
        '\tIs the server running on host "db.internal" (10.0.2.15) and accepting\n'
        "\tTCP/IP connections on port 5432?\n"
    )
    assert failure.message == "psycopg2.OperationalError: could not connect to server: Connection refused"
    assert (failure.host, failure.port, failure.service) == ("db.internal", 5432, "PostgreSQL")


def test_absurdly_deep_json_is_read_as_text() -> None:
    message = '{"a":' * 100000 + '"connect ECONNREFUSED 10.0.1.5:5432"' + "}" * 100000
    [failure] = classify(message)
    assert where(failure) == ("ECONNREFUSED", "ECONNREFUSED", "10.0.1.5", 5432)


def test_a_datagram_errno_is_not_a_connect_unless_a_connect_is_shown() -> None:
    # Ruby names the failing syscall; a UDP recvfrom/sendto error (statsd, a game query) is no
    # TCP connect. The same event naming connect(2) still counts.
    assert classify("Errno::ECONNREFUSED: Connection refused - recvfrom(2)") == []
    assert classify("Errno::EHOSTUNREACH: No route to host - sendto(2)") == []
    both = classify(
        'Errno::ECONNREFUSED: Connection refused - connect(2) for "10.0.1.5" port 5432\n'
        "retry: Connection refused - recvfrom(2)"
    )
    assert [(f.category, f.host, f.port) for f in both] == [("ECONNREFUSED", "10.0.1.5", 5432)]


def test_java_resolving_its_own_host_name_is_not_a_connect_failure() -> None:
    # InetAddress.getLocalHost() names the host twice; a remote lookup names it once.
    assert classify("java.net.UnknownHostException: box-1: box-1: Name or service not known") == []
    [remote] = classify("java.net.UnknownHostException: db.internal: Name or service not known")
    assert (remote.category, remote.host) == ("ENOTFOUND", "db.internal")
