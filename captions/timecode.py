"""Parsing and printing of times and durations; the only unit inside the program is integer ms."""

from __future__ import annotations

import re

#: `mm:ss` takes any number of minutes (`100:00`, as mpv and ffmpeg read it); `h:mm:ss` two.
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})(?:[.,](\d{1,3}))?$")
_UNIT = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|m|min|h)?$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000}
#: No time or duration given by the user may exceed this (100 hours): no caption file holds a
#: later time, and a bigger number only overflows further on (`1e308` seconds is infinite ms).
LONGEST_MS = 100 * 3_600_000
_LONGEST_TEXT = "100 hours"
#: Digits read from one field, so a 5,000-digit number is refused, not parsed.
_MAX_DIGITS = 12


def _bounded(ms: int, text: str, kind: str) -> int:
    if abs(ms) > LONGEST_MS:
        raise ValueError(f"{kind} {text!r} is too large: at most {_LONGEST_TEXT}")
    return ms


def fraction_to_ms(digits: str | None) -> int:
    """'5' -> 500, '05' -> 50, '005' -> 5: a decimal fraction of a second in ms."""
    if not digits:
        return 0
    return int(digits.ljust(3, "0")[:3])


def parse_time(text: str) -> int:
    """A point in time: `mm:ss.mmm`, `h:mm:ss.mmm` or seconds (`12.5`); returns ms."""
    value = text.strip()
    match = _CLOCK.match(value)
    if match:
        hours, minutes, seconds, frac = match.groups()
        if max(len(hours or ""), len(minutes)) > _MAX_DIGITS:
            raise ValueError(f"time {text!r} is too large: at most {_LONGEST_TEXT}")
        if hours is not None and len(minutes) > 2:
            raise ValueError(f"invalid time {text!r}: write h:mm:ss with two-digit minutes")
        if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            raise ValueError(f"invalid time {text!r}: minutes and seconds must be below 60")
        ms = (
            int(hours or 0) * 3_600_000
            + int(minutes) * 60_000
            + int(seconds) * 1000
            + fraction_to_ms(frac)
        )
        return _bounded(ms, text, "time")
    try:
        seconds_value = float(value)
    except ValueError:
        raise ValueError(
            f"invalid time {text!r}: use mm:ss.mmm, h:mm:ss.mmm or seconds like 12.5"
        ) from None
    if not 0 <= seconds_value < float("inf"):  # also false for nan
        raise ValueError(f"invalid time {text!r}: must be a finite, non-negative number")
    if seconds_value * 1000 > LONGEST_MS:
        raise ValueError(f"time {text!r} is too large: at most {_LONGEST_TEXT}")
    return round(seconds_value * 1000)


def parse_duration(text: str) -> int:
    """A signed duration: `1.5s`, `-250ms`, `+1500` (whole ms), `-00:00:01.500`; returns ms.
    A bare number with a fraction (`1.5`) is refused: it is seconds to an mpv user."""
    value = text.strip()
    sign = 1
    if value[:1] in "+-" and value:
        sign = -1 if value[0] == "-" else 1
        value = value[1:].strip()
    if not value:
        raise ValueError(f"invalid duration {text!r}")
    if ":" in value:
        try:
            return sign * parse_time(value)
        except ValueError as exc:
            if "too large" in str(exc):
                raise ValueError(
                    f"duration {text!r} is too large: at most {_LONGEST_TEXT}"
                ) from None
            raise ValueError(f"invalid duration {text!r}") from None
    match = _UNIT.match(value)
    if not match:
        raise ValueError(
            f"invalid duration {text!r}: use 1.5s, -250ms, +1500 (ms) or -00:00:01.500"
        )
    number, unit = match.groups()
    if unit is None and not number.isdigit():
        # `--by 1.5` meant seconds (as mpv's --sub-delay does) and gave 2 ms: ask for the unit.
        raise ValueError(
            f"invalid duration {text!r}: a bare number is whole ms; "
            f"write {text.strip()}s or {text.strip()}ms"
        )
    ms = float(number) * _UNIT_MS[unit or "ms"]  # finite: the pattern has no exponent
    if ms > LONGEST_MS:
        raise ValueError(f"duration {text!r} is too large: at most {_LONGEST_TEXT}")
    return sign * round(ms)


def format_time(ms: int, *, hours: bool | None = None, digits: int = 3) -> str:
    """ms -> `mm:ss.mmm` (or `h:mm:ss.mmm` past an hour, or when `hours` is True)."""
    sign = "-" if ms < 0 else ""
    ms = abs(int(ms))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    frac_text = f"{frac:03d}"[:digits]
    tail = f"{s:02d}.{frac_text}" if digits else f"{s:02d}"
    if hours or (hours is None and h):
        return f"{sign}{h}:{m:02d}:{tail}"
    return f"{sign}{h * 60 + m:02d}:{tail}"


def format_duration(ms: int) -> str:
    """A signed, human duration: `+1.500 s`, `-0.250 s`."""
    sign = "-" if ms < 0 else "+"
    return f"{sign}{abs(ms) / 1000:.3f} s"
