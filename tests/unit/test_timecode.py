"""Time and duration syntax (`captions.timecode`)."""

from __future__ import annotations

import pytest

from captions.timecode import parse_duration, parse_time

# --- time and duration syntax ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1.5s", 1500),
        ("-250ms", -250),
        ("+1500", 1500),
        ("-00:00:01.500", -1500),
        ("2m", 120_000),
        ("1h", 3_600_000),
        ("0.25 s", 250),
        ("-1:02.5", -62_500),
    ],
)
def test_parse_duration(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("01:02.500", 62_500),
        ("1:00:00.000", 3_600_000),
        ("12.5", 12_500),
        ("0", 0),
        ("75:00", 4_500_000),
    ],
)
def test_parse_time(text: str, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize("text", ["", "-1", "1:60.000", "1:61:00", "nan", "inf", "12s", "a:b"])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


@pytest.mark.parametrize("text", ["", "+", "1.5x", "--1", "s", "1:2:3:4", "1.5", "-.5", "2."])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_minutes_past_99_read_as_mpv_reads_them() -> None:
    # `--from-time 100:00` was refused with "use mm:ss.mmm", which it was (a hostile-input run).
    assert parse_time("100:00") == 6_000_000
    assert parse_time("5999:59.5") == 359_999_500
    with pytest.raises(ValueError, match="too large: at most 100 hours"):
        parse_time("99999:00")
    with pytest.raises(ValueError, match="too large"):
        parse_time("9" * 5000 + ":00")
    with pytest.raises(ValueError, match="two-digit minutes"):
        parse_time("1:100:00")
