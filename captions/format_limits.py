"""The latest time each format can write so that it reads back: checked before writing, so a
shift or retime past it is refused instead of written as a file nothing can open (pysubs2 clamps
SRT at 99:59:59,999 and ASS at 9:59:59.99; our LRC reader takes three digits of minutes; our
reader refuses any time past 100 hours as corrupt)."""

from __future__ import annotations

from collections.abc import Iterable

from captions.errors import CaptionError
from captions.timecode import LONGEST_MS, format_time

#: Latest writable time by format, ms; formats not listed: LONGEST_MS (the reader's limit).
LATEST_MS: dict[str, int] = {
    "srt": 100 * 3_600_000 - 1,
    "vtt": 100 * 3_600_000 - 1,
    "ass": 10 * 3_600_000 - 10,
    "ssa": 10 * 3_600_000 - 10,
    "tmp": 100 * 3_600_000 - 1000,
    "lrc": 999 * 60_000 + 59_990,
}


def latest_ms(fmt: str) -> int:
    """The latest time `fmt` can write and read back."""
    return min(LATEST_MS.get(fmt, LONGEST_MS), LONGEST_MS)


def check_times_fit(ends: Iterable[int], fmt: str) -> None:
    """CaptionError (nothing is written) when a cue ends past what `fmt` can hold."""
    limit = latest_ms(fmt)
    for number, end in enumerate(ends, start=1):
        if end > limit:
            raise CaptionError(
                f"cue {number} would end at {format_time(end, hours=True)}, later than {fmt} "
                f"can hold ({format_time(limit, hours=True)}); nothing written"
            )
