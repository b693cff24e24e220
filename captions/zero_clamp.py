"""Times below 0 meet a file only here: writing clamps them to 0 and counts the cues.

Edits keep negative times (see `captions.timing`), so opposite shifts cancel exactly. A file
cannot hold them, so while a track is written its negative starts and ends read as 0; the
events get their own times back afterwards, so the document in memory is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from captions.track import Track


def below_zero(track: Track) -> int:
    """How many cues start before 0 (they are written from 0)."""
    return sum(1 for e in track.events if e.start < 0)


@contextmanager
def clamped_at_zero(track: Track) -> Iterator[int]:
    """Within the block the track's times below 0 are 0; yields how many cues that moved."""
    events = track.events
    saved = [(e, e.start, e.end) for e in events if e.start < 0 or e.end < 0]
    for event, start, end in saved:
        event.start, event.end = max(0, start), max(0, end)
    if saved:
        track.changed()
    try:
        yield sum(1 for _, start, _ in saved if start < 0)
    finally:
        for event, start, end in saved:
            event.start, event.end = start, end
        if saved:
            track.changed()
