"""How long a cue with no end time stays up: the rule shared by the transcript and LRC formats."""

from __future__ import annotations

#: Formats that store only start times: a cue ends where the next begins when read, and an end
#: set by an edit is not written (an export to a format with ends keeps it).
STARTS_ONLY = frozenset({"transcript", "lrc"})

#: Reading speed assumed for a last cue with no end time (characters per second).
READING_CPS = 15
#: Bounds of that estimate (ms).
MIN_READING_MS = 1000
MAX_READING_MS = 10_000


def reading_time_ms(text: str) -> int:
    """A last cue with no end shows for len(text) / 15 s, clamped to [1 s, 10 s]."""
    return max(MIN_READING_MS, min(MAX_READING_MS, round(len(text.strip()) * 1000 / READING_CPS)))


def open_ended_ends(
    starts: list[int], texts: list[str], media_duration_ms: int | None
) -> list[int]:
    """End times for cues that only have starts: each ends where the next begins; the last at
    the media's duration when known (and later than its start), else after its reading time."""
    ends = starts[1:]
    if starts:
        last = starts[-1]
        if media_duration_ms is not None and media_duration_ms > last:
            ends.append(media_duration_ms)
        else:
            ends.append(last + reading_time_ms(texts[-1]))
    return ends
