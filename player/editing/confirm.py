"""A second press before a per-cue edit that would carry the cue far from where it is.

`i` and `o` set the active cue's start or end to the playhead. With following off the cursor
can sit far from the playhead (cue 489 at 41:45, the playhead at 00:01), and one key made a
41-minute cue overlapping every other. When the playhead lies beyond the neighbouring cues
(before the previous cue's start, after the next cue's end), the first press only says what
would happen; the same press again on the same cue, with the playhead still near where it was
(within CONFIRM_NEAR_MS), does it. Any other edit forgets it.
"""

from __future__ import annotations

from captions.timecode import format_time
from captions.track import Timing

#: A second press confirms only with the playhead this close to where the first was (ms).
CONFIRM_NEAR_MS = 3_000


class FarEditGuard:
    """Remembers the one far edit waiting for its second press."""

    def __init__(self) -> None:
        self._pending: tuple[str, int, int] | None = None  # which, cursor, playhead

    def check(self, timing: Timing, cursor: int, playhead: int, which: str) -> str | None:
        """None when the edit may go ahead; else what to tell the user (and it now waits)."""
        starts, ends = timing.starts, timing.ends
        low = starts[cursor - 1] if cursor > 0 else 0
        high = ends[cursor + 1] if cursor + 1 < len(starts) else max(ends[cursor], playhead)
        pending, self._pending = self._pending, None
        if low <= playhead <= high:
            return None
        asked_at = pending[2] if pending is not None and pending[:2] == (which, cursor) else None
        if asked_at is not None and abs(playhead - asked_at) <= CONFIRM_NEAR_MS:
            return None  # the second press
        self._pending = (which, cursor, playhead)
        now = starts[cursor] if which == "start" else ends[cursor]
        # Short enough for 80 columns: the instruction at its end must not be cut off.
        away = format_time(abs(playhead - now))
        return f"Cue {cursor + 1}'s {which} is {away} from the playhead: press again to move it."

    def forget(self) -> None:
        self._pending = None
