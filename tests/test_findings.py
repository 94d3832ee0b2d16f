"""Findings fold failing invocations into exact counts: bounded listing, any order, same report."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import cost
from checker.analyze import conclude
from checker.config import Config
from checker.cost import DurationTally, ExactSum, WasteTally
from checker.events import LogEvent
from checker.finding import Finding, FindingBuilder, ZoneCount, build_findings
from checker.invocations import Grouper, Invocation, group, stream_of
from checker.report import finding_dict
from tests.conftest import run_cli
from tests.ingest.lines import (
    NODE_TIMEOUT,
    PY_REFUSED,
    STREAM_A,
    STREAM_B,
    T0,
    end,
    filter_export,
    node_error,
    python_error,
    report,
    rid,
    start,
)
from tests.ingest.lines import event as filter_event
from tests.reencode import iso_z

GROUP = "/aws/lambda/orders-api"
STREAMS = (STREAM_A, STREAM_B, "2026/11/20/[$LATEST]9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49")
PG_FAILURE_S = 127.3  # pg without connectionTimeoutMillis: the kernel gives up after ~127 s


def export(count: int, fail_every: int = 1) -> list[tuple[LogEvent, str]]:
    """`count` invocations over three streams, one after another in each; every `fail_every`-th
    fails: Node pg timeouts after ~127 s, some Python requests refusals after ~20 ms."""
    events: list[tuple[LogEvent, str]] = []
    clock = {stream: T0 for stream in STREAMS}
    for n in range(count):
        stream = STREAMS[n % len(STREAMS)]
        t = clock[stream]
        failing = n % fail_every == 0
        duration = 12.5 + n % 7
        lines = [(t, start(n))]
        if failing and n % 5 == 1:
            duration = 20.25 + n % 3
            lines.append((t + 4, python_error(n, "2026-11-20T10:00:00.004Z", PY_REFUSED)))
        elif failing:
            duration = PG_FAILURE_S * 1000 + (n * 37) % 400 / 100
            lines.append((t + int(duration) - 2, node_error(n, "2026-11-20T10:02:07.300Z", NODE_TIMEOUT)))
        lines += [
            (t + int(duration), end(n)),
            (t + int(duration), report(n, duration, int(duration) + 1, 512 if n % 2 else 256)),
        ]
        events += [(LogEvent(ts, message, GROUP, stream), "export.json") for ts, message in lines]
        clock[stream] = t + int(duration) + 1000 + n % 3
    events.sort(key=lambda pair: pair[0].timestamp or 0)  # filter-log-events order: by time
    return events


def streamed(events: list[tuple[LogEvent, str]], config: Config, keep_failing: int) -> list[Finding]:
    """What `analyze` does: the grouper hands failing invocations to the builder as it goes."""
    builder = FindingBuilder(config)
    grouper = Grouper(let_go=builder.add, keep_failing=keep_failing)
    for event, name in events:
        grouper.add(event, name)
    rest = grouper.finish()
    for inv in rest:
        builder.add(inv)
    totals = Counter(grouper.retired) + Counter(stream_of(inv) for inv in rest)
    return list(conclude(builder.findings(totals, grouper.function_spans())))


def built(invocations: list[Invocation], config: Config) -> list[Finding]:
    """The findings of whole invocations, through the stages after them (remediation, message)."""
    return list(conclude(build_findings(invocations, config)))


def as_json(findings: list[Finding]) -> list[dict[str, object]]:
    return [finding_dict(f) for f in findings]


def test_folding_as_the_grouper_lets_go_gives_the_report_of_keeping_everything() -> None:
    events = export(90, fail_every=2)
    everything = group(events)
    whole = built(everything, Config())
    for keep_failing in (0, 1, 7):
        assert as_json(streamed(events, Config(), keep_failing)) == as_json(whole)
    finding = whole[0]
    assert (finding.failed_invocations, finding.total_invocations, finding.invocations_omitted) == (45, 90, 0)
    assert [(d.host, d.port, d.invocations) for d in finding.destinations] == [
        ("10.0.3.47", 5432, 36),
        ("10.0.5.20", 8080, 9),
    ]
    assert finding.timeout is not None and finding.timeout.invocations == 36


def test_the_listing_stops_at_max_listed_invocations_and_counts_the_rest() -> None:
    events = export(60)
    invocations = group(events)
    full = built(invocations, Config())[0]
    capped = streamed(events, Config(max_listed_invocations=10), keep_failing=4)[0]
    listed = finding_dict(capped)
    earliest = sorted(invocations, key=lambda inv: inv.start or 0)[:10]
    assert [i["request_id"] for i in listed["invocations"]] == [inv.request_id for inv in earliest]
    assert [inv.request_id for inv in earliest[:4]] == [rid(0), rid(1), rid(2), rid(4)]  # 1 failed fast
    assert listed["invocations_omitted"] == 50
    everything = finding_dict(full)
    assert everything["invocations_omitted"] == 0 and len(everything["invocations"]) == 60
    # every figure but the listing covers all 60 failing invocations
    for key in (
        "failed_invocations",
        "total_invocations",
        "primary_error",
        "destinations",
        "categories",
        "runtimes",
        "first_seen",
        "last_seen",
        "wasted",
        "timeout_pattern",
        "sources",
        "message",
    ):
        assert listed[key] == everything[key], key
    assert listed["wasted"]["billed_ms"] == sum(
        int(PG_FAILURE_S * 1000 + (n * 37) % 400 / 100) + 1 for n in range(60) if n % 5 != 1
    ) + sum(int(20.25 + n % 3) + 1 for n in range(60) if n % 5 == 1)
    assert [(s["log_stream"], s["failed_invocations"]) for s in listed["sources"]] == [
        (stream, 20) for stream in sorted(STREAMS)
    ]
    assert listed["invocations"] == everything["invocations"][:10]
    none = finding_dict(streamed(events, Config(max_listed_invocations=0), keep_failing=4)[0])
    assert (none["invocations"], none["invocations_omitted"]) == ([], 60)


def test_the_derived_figures_follow_the_fields_they_come_from() -> None:
    """primary, most_frequent, invocations_omitted, sources_omitted and failed_without_zone are
    worked out from other fields, never stored: a finding cannot contradict itself."""
    full = built(group(export(60)), Config())[0]
    timeouts, refusals = full.errors  # 48 pg timeouts (most billed and most frequent), 12 refusals
    assert (full.primary, full.most_frequent) == (timeouts, None)
    assert (full.invocations_omitted, full.sources_omitted, full.failed_without_zone) == (0, 0, 0)

    # were the refusals listed first (as if more frequent), the timeouts, costlier, stay primary
    swapped = replace(full, errors=(refusals, timeouts))
    assert (swapped.primary, swapped.most_frequent) == (timeouts, refusals)
    cut = replace(full, failed_invocations_list=full.failed_invocations_list[:7], sources=full.sources[:1])
    assert (cut.invocations_omitted, cut.sources_omitted, cut.stream_count) == (53, 2, 3)
    zoned = replace(full, zones=(ZoneCount("use1-az1", failed_invocations=41, total_invocations=50),))
    assert zoned.failed_without_zone == 19
    assert finding_dict(zoned)["availability_zones"] == {
        "zones": [
            {
                "availability_zone_id": "use1-az1",
                "subnet": None,
                "failed_invocations": 41,
                "total_invocations": 50,
            }
        ],
        "failed_without_zone": 19,
    }


def test_invocations_can_come_in_any_order() -> None:
    invocations = group(export(75, fail_every=3))
    expected = as_json(build_findings(invocations, Config()))
    rng = random.Random(3)
    for _ in range(3):
        rng.shuffle(invocations)
        assert as_json(build_findings(invocations, Config())) == expected


def test_exact_sums_do_not_depend_on_order() -> None:
    values = [1e16, 1.0, -1e16, 0.1, 0.2, 0.3]
    for order in (values, values[::-1], sorted(values)):
        total = ExactSum()
        for v in order:
            total.add(v)
        assert total.value == 1.6
    assert sum(values) != 1.6  # what a float running sum gives instead


def test_exact_sums_are_math_fsum_and_say_nan_past_the_float_range() -> None:
    rng = random.Random(7)
    for _ in range(300):
        values = [
            rng.choice((rng.uniform(0, 3e5), round(rng.uniform(0, 3e5), 2), 5e-324, 1e300, -1e300, 0.0))
        ]
        values += [rng.uniform(-1e6, 1e6) for _ in range(rng.randint(0, 8))]
        total = ExactSum()
        for v in values:
            total.add(v)
        assert total.value == math.fsum(values), values
    for values, expected in (([math.inf], math.inf), ([-math.inf], -math.inf), ([1.0, math.inf], math.nan)):
        total = ExactSum()
        for v in values:
            total.add(v)
        assert str(total.value) == str(expected)
    huge = ExactSum()
    huge.add(1e308)
    huge.add(1e308)
    assert math.isnan(huge.value)


def test_gb_seconds_come_from_the_exact_total_whatever_the_order() -> None:
    # 256 MB functions: 64,406,099 billed ms is 16101.52475 GB-s exactly. Summed as floats in
    # start order (the bench file 100m-fail10.json) it came to 16101.524749999997 and rounded
    # down; the exact total's nearest float rounds up, in any order.
    billed = [30_004, 127_481, 15_207, 1] * 5 + [64_406_099 - 5 * (30_004 + 127_481 + 15_207 + 1)]
    results = set()
    for order in (billed, billed[::-1]):
        tally = WasteTally()
        for ms in order:
            tally.add(Invocation("a", GROUP, STREAM_A, duration_ms=ms - 0.5, billed_ms=ms, memory_mb=256))
        burned = tally.result(0.0000166667)
        results.add((burned.billed_ms, burned.gb_seconds, burned.invocations_with_report))
    assert results == {(64_406_099, 16101.5248, 21)}


def test_duration_counts_stay_bounded_and_near(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many distinct durations: timings are rounded (1 ms, 10 ms ...) to fit the cap."""
    durations = [30_000.0 + i * 0.37 for i in range(2000)]  # 2,000 distinct values within 740 ms

    def pattern(cap: int) -> cost.TimeoutPattern | None:
        monkeypatch.setattr(cost, "DURATION_KEYS", cap)
        tally = DurationTally()
        for d in durations:
            tally.add(Invocation("x", GROUP, STREAM_A, duration_ms=d, billed_ms=int(d) + 1, memory_mb=512), 1)
        assert len(tally._counts) <= cap
        return tally.pattern(0.0000166667, ("nodejs",))

    exact, rounded = pattern(5000), pattern(200)  # 200 keys: 10 ms steps
    assert exact is not None and rounded is not None
    assert (exact.duration_s, exact.invocations) == (30.37, 2000)
    assert (rounded.invocations, rounded.attempts) == (2000, 1)
    assert abs(rounded.duration_s - exact.duration_s) <= 0.01
    assert rounded.saved_s == pytest.approx(exact.saved_s, rel=1e-3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2_000_000).map(lambda h: h / 100),  # REPORT prints 0.01 ms
            st.integers(1, 20_000),
            st.integers(0, 3).map(lambda n: n * 1.25),  # 0.0: no attempt logged
        ),
        min_size=3,
        max_size=60,
    ),
    st.randoms(use_true_random=False),
    st.integers(2, 12),
)
def test_duration_counts_are_the_same_whatever_order_the_invocations_come_in(
    timings: list[tuple[float, int, float]], rng: random.Random, cap: int
) -> None:
    """Past its cap the tally rounds; it still counts the same timings for the same
    invocations in any order, so the timeout pattern does not depend on when the grouper let
    each one go (a sweep, a slice's size). With nearest rounding it did: 14.6 ms went to 15,
    then to 20 at 10 ms steps, but straight to 10 when it came after the step had grown."""
    shuffled = timings[:]
    rng.shuffle(shuffled)
    tallies = []
    for order in (timings, shuffled):
        tally = DurationTally(cap)
        for duration, billed, attempt in order:
            tally.add_timing((duration, float(billed), 512, 2, False, attempt))
        tallies.append(tally)
    assert tallies[0]._counts == tallies[1]._counts
    assert tallies[0].pattern(0.0000166667, ("nodejs",)) == tallies[1].pattern(0.0000166667, ("nodejs",))


def test_duration_counts_round_to_the_middle_of_their_step_and_keep_a_missing_attempt() -> None:
    """Each rounded timing stands at the middle of its 1, 10, 100 ... ms bucket, within half a
    step of the value; 0.0 (no attempt logged) stays 0.0, or it would read as a logged one."""

    def timing(ms: float) -> tuple[float, float, int, int, bool, float]:
        return (ms, ms, 512, 1, False, 0.0)

    tally = DurationTally(2)
    for ms in (14.6, 14.7, 19.9):  # 3 keys over a cap of 2: 1 ms steps
        tally.add_timing(timing(ms))
    assert tally._counts == Counter({timing(14.5): 2, timing(19.5): 1})
    tally.add_timing(timing(13.0))  # 3 keys again: 10 ms steps hold them all
    assert tally._counts == Counter({timing(15.0): 4})


def test_duration_counts_past_their_cap_in_what_no_rounding_joins_end_and_stay_exact() -> None:
    """A destination's tally keeps 100 timings; 150 invocations that each logged a different
    number of attempts differ in what no rounding joins. Rounding stops once one step holds
    every duration (it used to go on to an infinite step and raise ValueError on NaN), and
    the attempts stay exact."""
    tally = DurationTally(cost.DESTINATION_DURATION_KEYS)
    for tries in range(1, 151):
        tally.add_timing((10_000.0 * tries, 10_001.0 * tries, 512, tries, False, 10_000.0))
    assert len(tally._counts) == 150
    assert sorted(key[3] for key in tally._counts) == list(range(1, 151))
    assert tally.pattern(0.0000166667, ("nodejs",)) is None  # no duration most of them share


def test_duration_counts_of_absurd_reported_times_join_one_key() -> None:
    """A hostile REPORT's duration of 10^20 ms and more (the loose REPORT reading takes any
    finite number) is counted at the widest bucket: 150 of them make one key, not 150."""
    tally = DurationTally(cost.DESTINATION_DURATION_KEYS)
    for k in range(1, 151):
        tally.add_timing((1e20 * k, 1e20 * k, 512, 1, False, 0.0))
    middle = cost.MAX_STEP_MS + 0.5  # its 1 ms bucket: the first step already joins them
    assert tally._counts == Counter({(middle, middle, 512, 1, False, 0.0): 150})


def test_an_outage_whose_invocations_retried_a_different_number_of_times_each_is_reported(
    tmp_path: Path,
) -> None:
    """105 invocations retry one database 1, 2 ... 105 times, 2 s apart, as a client without
    a connect timeout does until the function's own timeout: more kinds of timing than a
    destination's tally keeps (100), and none that rounding joins. connfail stopped with an
    internal error there (exit 3); it reports the finding."""
    events = []
    t = T0
    for n in range(1, 106):
        events.append(filter_event(t, start(n)))
        for _attempt in range(n):
            t += 2000
            events.append(filter_event(t, node_error(n, iso_z(t), "Failed to load order " + NODE_TIMEOUT)))
        spent = 2000 * n + 10
        events += [filter_event(t + 10, end(n)), filter_event(t + 10, report(n, float(spent), spent))]
        t += 1000
    export = tmp_path / "retries.json"
    export.write_text(filter_export(events))
    result = run_cli("analyze", str(export), "--format", "json")
    assert result.returncode == 1, result.stderr
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 105)
    assert [d["host"] for d in finding["destinations"]] == ["10.0.3.47"]


def test_config_caps_the_listing_of_the_json_report(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "vpc-node-postgres.json"
    (tmp_path / ".connfail.yml").write_text("max-listed-invocations: 3\n")
    result = run_cli("analyze", str(example), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    finding = json.loads(result.stdout)["findings"][0]
    shown = (finding["failed_invocations"], len(finding["invocations"]), finding["invocations_omitted"])
    assert shown == (28, 3, 25)
    assert finding["primary_error"]["invocations"] == 28
    (tmp_path / ".connfail.yml").write_text("max-listed-invocations: -1\n")
    bad = run_cli("analyze", str(example), cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (
        2,
        f"connfail: {tmp_path / '.connfail.yml'}: "
        "/max-listed-invocations: -1 is less than the minimum of 0\n",
    )


def many_streams(count: int) -> list[tuple[LogEvent, str]]:
    """`count` streams; stream k runs k % 4 + 1 invocations of which k % 3 (at most all) fail,
    so failing counts tie across streams and totals break some of the ties."""
    events: list[tuple[LogEvent, str]] = []
    n = 0
    for k in range(count):
        stream = f"2026/11/20/[$LATEST]{(k * 7919) % 9973:032x}"
        runs, failing = k % 4 + 1, k % 3
        for i in range(runs):
            t = T0 + n * 1000
            lines = [(t, start(n))]
            if i < failing:
                lines.append((t + 500, node_error(n, "2026-11-20T10:00:00.500Z", NODE_TIMEOUT)))
            lines += [(t + 600, end(n)), (t + 600, report(n, 600.0, 600, 256))]
            events += [(LogEvent(ts, message, GROUP, stream), "export.json") for ts, message in lines]
            n += 1
    events.sort(key=lambda pair: pair[0].timestamp or 0)
    return events


def test_sources_list_the_most_failing_streams_first_and_count_the_rest() -> None:
    events = many_streams(40)
    full = built(group(events), Config())[0]
    shape = (full.sources_omitted, len(full.sources), full.stream_count, full.failing_streams)
    assert shape == (0, 40, 40, 26)
    order = [(-s.failed_invocations, -s.total_invocations, s.log_stream) for s in full.sources]
    assert order == sorted(order)  # most failing, then most invocations, then by name
    for cap in (0, 1, 5, 13, 26, 39, 40, 41):
        capped = streamed(events, Config(max_listed_sources=cap), keep_failing=3)[0]
        assert capped.sources == full.sources[:cap]
        assert (capped.sources_omitted, capped.stream_count) == (max(40 - cap, 0), 40)
        assert (capped.failing_streams, capped.streams_with_invocations) == (26, 40)
        listed, everything = finding_dict(capped), finding_dict(full)
        assert listed["sources_omitted"] == max(40 - cap, 0) and everything["sources_omitted"] == 0
        # the listing is the only difference: every count covers all 40 streams
        assert {k: v for k, v in listed.items() if k not in ("sources", "sources_omitted")} == {
            k: v for k, v in everything.items() if k not in ("sources", "sources_omitted")
        }
    assert (
        "All failures came from 26 of 40 execution environments (log streams); the other 14 had none."
        in (finding_dict(streamed(events, Config(max_listed_sources=2), keep_failing=3)[0])["message"])
    )


def _analyze(tmp_path: Path, fmt: str, config: str) -> str:
    example = Path(__file__).resolve().parent.parent / "examples" / "vpc-node-postgres.json"
    (tmp_path / ".connfail.yml").write_text(config)
    result = run_cli("analyze", str(example), "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_config_caps_the_sources_and_every_face_still_counts_all_streams(tmp_path: Path) -> None:
    # 7 streams: ec7ac8ad... 10 of 12 failing, 58b8413f... and a93db3eb... 9 of 11, 4 with none
    default = {fmt: _analyze(tmp_path, fmt, "") for fmt in ("json", "text", "markdown")}
    finding = json.loads(_analyze(tmp_path, "json", "max-listed-sources: 2\n"))["findings"][0]
    whole = json.loads(default["json"])["findings"][0]
    rows = [(s["log_stream"], s["failed_invocations"], s["total_invocations"]) for s in finding["sources"]]
    assert rows == [
        ("2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d", 10, 12),
        ("2026/11/20/[$LATEST]58b8413f8ef5b163cef350e708d01bfe", 9, 11),
    ]
    assert finding["sources"] == whole["sources"][:2]
    assert (finding["sources_omitted"], whole["sources_omitted"], len(whole["sources"])) == (5, 0, 7)
    assert finding["message"] == whole["message"]
    assert "All failures came from 3 of 7 execution environments" in finding["message"]
    text = _analyze(tmp_path, "text", "max-listed-sources: 2\n").splitlines()
    at = text.index("Execution environments (log streams), failing first")
    assert text[at + 1 : at + 6] == [
        "      10/12 failing  2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d",
        "                     local 10.0.1.23",
        "       9/11 failing  2026/11/20/[$LATEST]58b8413f8ef5b163cef350e708d01bfe",
        "  ... and 1 more failing environments",
        "  4 other environments had no failures",
    ]
    markdown = _analyze(tmp_path, "markdown", "max-listed-sources: 0\n").splitlines()
    at = markdown.index("**Execution environments** (log streams with failures)")
    assert markdown[at + 1 : at + 4] == [
        "",
        "3 more failing environments not shown. 4 other environments had no failures.",
        "",
    ]
    # a cap above the failing streams changes nothing but the JSON listing
    for fmt in ("text", "markdown"):
        assert _analyze(tmp_path, fmt, "max-listed-sources: 3\n") == default[fmt]
    capped = json.loads(_analyze(tmp_path, "json", "max-listed-sources: 3\n"))
    assert capped["findings"][0]["sources"] == whole["sources"][:3]
    assert capped["findings"][0]["sources_omitted"] == 4
    (tmp_path / ".connfail.yml").write_text("max-listed-sources: -1\n")
    bad = run_cli("analyze", str(tmp_path / ".connfail.yml"), cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (
        2,
        f"connfail: {tmp_path / '.connfail.yml'}: /max-listed-sources: -1 is less than the minimum of 0\n",
    )


@pytest.mark.parametrize("local", ["169.254.76.1", "0.0.0.0", "[::]", "127.0.0.1", "[fe80::1]"])
def test_a_sandbox_only_local_address_is_no_evidence_of_a_vpc(tmp_path: Path, local: str) -> None:
    """Node's `- Local (ip:port)` with an address every sandbox has says nothing of a VPC (issue 9)."""
    example = Path(__file__).resolve().parent.parent / "examples" / "vpc-node-postgres.json"
    export = tmp_path / "export.json"
    export.write_text(example.read_text().replace("Local (10.0.1.23:", f"Local ({local}:"))
    done = run_cli("analyze", "--format", "json", str(export), cwd=tmp_path)
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["vpc"] is None
    assert (
        json.loads(run_cli("analyze", "--format", "json", str(example), cwd=tmp_path).stdout)["findings"][0][
            "vpc"
        ]
        is True
    )  # a private subnet address still is


def test_the_listing_is_the_earliest_whatever_order_the_invocations_come_in() -> None:
    """Past its first trim the listing turns away invocations later than the last it keeps;
    earlier ones coming after that still take their place."""
    invocations = group(export(120))
    earliest = [inv.request_id for inv in sorted(invocations, key=lambda inv: inv.start or 0)[:3]]
    config = Config(max_listed_invocations=3)
    for order in (invocations, invocations[::-1], invocations[50:] + invocations[:50]):
        listed = finding_dict(built(order, config)[0])
        assert [i["request_id"] for i in listed["invocations"]] == earliest
        assert listed["invocations_omitted"] == 117


def folded_both_ways(invocations: list[Invocation], listed: int) -> tuple[list[Any], list[Any]]:
    """The findings (as JSON) of `invocations`, and those of the general fold alone."""
    from checker.finding import FindingTally

    def findings() -> list[dict[str, Any]]:
        builder = FindingBuilder(Config(max_listed_invocations=listed))
        for inv in invocations:
            builder.add(inv)
        totals = Counter(stream_of(inv) for inv in invocations)
        return [finding_dict(f) for f in conclude(builder.findings(totals))]

    alike = findings()
    saved = FindingTally._add_alike
    FindingTally._add_alike = FindingTally._add_general  # type: ignore[method-assign]
    try:
        return alike, findings()
    finally:
        FindingTally._add_alike = saved  # type: ignore[method-assign]


def test_invocations_whose_lines_show_one_error_fold_as_the_general_path_folds_them() -> None:
    """`FindingTally._add_alike` (several kept lines of one error at one destination: retries,
    a logged error and its `Invoke Error`) gives the finding the general fold gives."""
    local = " - Local (10.0.1.{}:4{:04d})"
    invoke = 'Invoke Error \t{{"errorType":"Error","errorMessage":"connect ETIMEDOUT 10.0.3.47:5432{}"}}'
    events: list[tuple[LogEvent, str]] = []
    for n in range(60):
        stream = STREAMS[n % len(STREAMS)]
        t = T0 + n * 200_000
        suffix = local.format(n % 7 + 2, n) if n % 3 else ""
        head, frame = NODE_TIMEOUT.split("\n", 1)
        text = f"{head}{suffix}\n{frame}"
        lines = [(t, start(n)), (t + 127_000, node_error(n, "2026-11-20T10:02:07.300Z", text))]
        if n % 4 == 0:  # a retry logged 30 s later
            lines.append((t + 157_000, node_error(n, "2026-11-20T10:02:37.300Z", text)))
        if n % 2 == 0:
            lines.append((t + 157_010, node_error(n, "2026-11-20T10:02:37.310Z", invoke.format(suffix))))
        duration = 157_020.5 + n if n % 5 else None
        lines.append((t + 157_020, end(n)))
        if duration is not None:
            lines.append((t + 157_020, report(n, duration, int(duration) + 1, 512)))
        events += [(LogEvent(ts, message, GROUP, stream), "export.json") for ts, message in lines]
    invocations = group(events)
    assert sum(len(inv.evidence) > 1 for inv in invocations) >= 30

    alike, general = folded_both_ways(invocations, listed=20)
    assert alike == general
    [finding] = alike
    assert finding["failed_invocations"] == 60
    seven = [f"10.0.1.{n}" for n in range(2, 9)]
    assert [s["local_addresses"] for s in finding["sources"]] == [seven, [], seven]
    pattern = finding["timeout_pattern"]
    assert (pattern["invocations"], pattern["attempts"], pattern["per_attempt_from"]) == (
        48,
        2,
        "logged-attempts",
    )


def test_tallies_merged_are_one_tally_fed_everything() -> None:
    """`FindingTally` folds the invocations of one error at one destination in a tally of their
    own and merges it into its error's, destination's and function's: exact sums, so the same
    as adding each invocation to each, infinities, NaN and past-the-range totals included."""
    rng = random.Random(11)
    specials = (math.inf, -math.inf, math.nan, 1e308, 5e-324)
    for _ in range(300):
        spents = [
            (
                rng.choice((*specials, rng.uniform(0, 3e5), round(rng.uniform(0, 9e5), 2), 0.5)),
                rng.randint(0, 900_000),
                512,
            )
            for _ in range(rng.randint(0, 6))
        ]
        parts = [WasteTally() for _ in range(3)]
        whole, merged = WasteTally(), WasteTally()
        for n, spent in enumerate(spents):
            parts[n % 3].add_spent(spent)
            whole.add_spent(spent)
        whole.add_spent(None)
        for part in parts:
            merged.merge(part)
        assert str(merged.result(0.0000166667)) == str(whole.result(0.0000166667)), spents


def test_invocations_alike_and_not_in_one_function_fold_as_the_general_path_folds_them() -> None:
    """Invocations of one error at one destination are counted together (`_Alike`) and merged
    at the end into the totals the general fold adds to as it goes: one function with both
    gives the finding the general fold alone gives, ties of count and first included."""
    refused = "connect ECONNREFUSED 10.0.6.21:6379"
    events: list[tuple[LogEvent, str]] = []
    for n in range(40):
        stream = STREAMS[n % len(STREAMS)]
        t = T0 + n * 200_000
        lines = [(t, start(n))]
        if n % 4 != 1:
            lines.append((t + 127_000, node_error(n, "2026-11-20T10:02:07.300Z", NODE_TIMEOUT)))
        if n % 4 != 0:  # a second destination: the general fold; alone (n % 4 == 1): alike
            lines.append((t + 127_010, node_error(n, "2026-11-20T10:02:07.310Z", refused)))
        lines += [(t + 127_020 + n, end(n)), (t + 127_020 + n, report(n, 127_020.5 + n, 127_021 + n, 512))]
        events += [(LogEvent(ts, message, GROUP, stream), "export.json") for ts, message in lines]
    invocations = group(events)
    assert Counter(len(inv.evidence) for inv in invocations) == {1: 20, 2: 20}

    alike, general = folded_both_ways(invocations, listed=5)
    assert alike == general
    [finding] = alike
    assert list(finding["categories"].items()) == [("ETIMEDOUT", 30), ("ECONNREFUSED", 30)]
    assert [d["invocations"] for d in finding["destinations"]] == [30, 30]
