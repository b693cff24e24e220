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
