"""Command-line values shared by `captions` and `caption-player`: every number a user types is
parsed here, bounded, and a bad one is one line naming the option (never an overflow traceback).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from captions.errors import CaptionError
from captions.timecode import parse_duration, parse_time

_T = TypeVar("_T")

#: Frame rates accepted by --fps and --frame-rate (film is 23.976, the fastest video 240).
MIN_FPS, MAX_FPS = 1.0, 1000.0
#: Factors accepted by --scale: beyond these every cue collapses onto 0 or leaves any media.
MIN_SCALE, MAX_SCALE = 0.001, 1000.0
#: Largest count accepted by --max-line-chars, --max-lines.
MAX_COUNT = 1_000_000


def option_value(name: str, parse: Callable[[str], _T], text: str) -> _T:
    """Parse an option value; a bad one (or one that overflows) is a CaptionError naming it."""
    try:
        return parse(text)
    except (ValueError, OverflowError) as exc:
        raise CaptionError(f"{name}: {exc}") from None


def argparse_type(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    """`parse` as an argparse `type=`: its message becomes argparse's one-line error."""

    def convert(text: str) -> _T:
        try:
            return parse(text)
        except (ValueError, OverflowError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


def finite_number(text: str) -> float:
    """A finite float (not nan or inf, however spelt)."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, not {text!r}")
    return value


def positive_number(text: str) -> float:
    """A finite number above 0."""
    value = finite_number(text)
    if value <= 0:
        raise ValueError(f"must be a positive number, not {text!r}")
    return value


def _within(text: str, low: float, high: float, what: str) -> float:
    value = positive_number(text)
    if not low <= value <= high:
        raise ValueError(f"{what} {text!r} is out of range: use {low:g} to {high:g}")
    return value


def frame_rate(text: str) -> float:
    """Frames per second, MIN_FPS to MAX_FPS."""
    return _within(text, MIN_FPS, MAX_FPS, "frame rate")


def frame_rates(text: str) -> tuple[float, float]:
    """`IN:OUT` frame rates, as `25:23.976`."""
    a, sep, b = text.partition(":")
    if not sep:
        raise ValueError(f"invalid {text!r}: use IN:OUT, for example 25:23.976")
    return frame_rate(a), frame_rate(b)


def scale_factor(text: str) -> float:
    """A factor for every time, MIN_SCALE to MAX_SCALE."""
    return _within(text, MIN_SCALE, MAX_SCALE, "factor")


def count(text: str) -> int:
    """A whole number from 1 to MAX_COUNT."""
    digits = text.strip()
    if not digits.isdecimal() or len(digits) > 7 or not 1 <= int(digits) <= MAX_COUNT:
        raise ValueError(f"must be a whole number from 1 to {MAX_COUNT:,}, not {text!r}")
    return int(digits)


def time_point(text: str) -> int:
    """A time, ms (`parse_time`: bounded, finite)."""
    return parse_time(text)


def duration(text: str) -> int:
    """A signed duration, ms (`parse_duration`: bounded, finite)."""
    return parse_duration(text)


def nonnegative_duration(text: str) -> int:
    """A duration of 0 or more, ms."""
    value = parse_duration(text)
    if value < 0:
        raise ValueError(f"must not be negative, not {text!r}")
    return value


def join_negative_values(argv: Sequence[str], options: Collection[str]) -> list[str]:
    """`--by -250ms` -> `--by=-250ms` for `options`: argparse would take `-250ms` for an
    option and say "expected one argument"."""
    out: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            out += [token, *tokens]
        elif token in options:
            value = next(tokens, None)
            if value is None or value == "--":
                out += [token] if value is None else [token, value]
            else:
                out.append(f"{token}={value}")
        else:
            out.append(token)
    return out
