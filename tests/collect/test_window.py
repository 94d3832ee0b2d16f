"""--since and --start/--end: the window in milliseconds, or one line naming the flag."""

from __future__ import annotations

import pytest

from checker.collect.command import group_file, window
from checker.errors import InputError

NOW = 1_796_162_400_000  # 2026-12-01T22:00:00Z


def test_since_counts_back_from_now() -> None:
    assert window("2h", None, None, NOW) == (NOW - 7_200_000, NOW)
    assert window("90s", None, None, NOW) == (NOW - 90_000, NOW)
    assert window("1d", None, None, NOW) == (NOW - 86_400_000, NOW)


def test_start_and_end_are_iso_8601() -> None:
    assert window(None, "2026-12-01T20:00:00Z", "2026-12-01T22:00:00+01:00", NOW) == (
        NOW - 7_200_000,
        NOW - 3_600_000,
    )
    assert window(None, "2026-12-01T20:00:00Z", None, NOW) == (NOW - 7_200_000, NOW)


@pytest.mark.parametrize(
    ("args", "flag", "reason"),
    [
        (("2 hours", None, None), "--since", "'2 hours' is not an age such as 30m, 2h or 1d"),
        (("2h", "2026-12-01T20:00:00Z", None), "--since", "give either --since or --start/--end, not both"),
        (
            (None, "yesterday", None),
            "--start",
            "'yesterday' is not an ISO 8601 time such as 2026-12-01T20:00:00Z",
        ),
        ((None, "2026-12-01T22:00:00Z", "2026-12-01T20:00:00Z"), "--end", "the window ends before it starts"),
        (("91d", None, None), "--since", "the window is longer than 90 days"),
        ((None, None, None), "collect", "give the window: --since 2h, or --start (and --end)"),
    ],
)
def test_a_bad_window_names_its_flag(
    args: tuple[str | None, str | None, str | None], flag: str, reason: str
) -> None:
    with pytest.raises(InputError) as caught:
        window(*args, NOW)
    assert (caught.value.path, caught.value.reason) == (flag, reason)


def test_a_log_group_names_its_file_with_tildes() -> None:
    assert group_file("logs", "/aws/lambda/orders-api") == "logs/~aws~lambda~orders-api.json"
