"""Which cue is showing, and when that can next change: the highlight logic of the UI and bench.

The UI does not poll for the current cue. It asks `delay_to_next_boundary_s()`, sets one timer
for that delay (Textual's `set_timer`), and when the timer fires it reads `current()` and sets the
next timer. It also reschedules whenever the clock re-anchors (`clock.generation` changed: seek,
rate, pause, play, a player time update). A timer that fires a little early finds the boundary
not yet reached and simply gets a short follow-up delay.
"""

from __future__ import annotations

from captions.track import Track
from player.playback.clock import PlaybackClock

#: Aim this far past the boundary so int(ms) rounding never lands just short of it.
_MARGIN_S = 0.0005


class CueFollower:
    """The cue of `track` at the position of `clock`, and the wait until the next boundary."""

    def __init__(self, track: Track, clock: PlaybackClock) -> None:
        self.track = track
        self.clock = clock

    def current(self) -> int | None:
        """Index of the cue showing now, or None between cues."""
        return self.track.cue_at(self.clock.position_ms())

    def next_boundary_ms(self) -> int | None:
        """Media time of the next cue start or end after now, or None after the last."""
        return self.track.next_boundary(self.clock.position_ms())

    def delay_to_next_boundary_s(self) -> float | None:
        """Wall seconds until the showing cue may change, at the current rate; None when it
        cannot (paused, or no boundary ahead)."""
        boundary = self.next_boundary_ms()
        if boundary is None:
            return None
        wait = self.clock.seconds_until(boundary)
        return None if wait is None else wait + _MARGIN_S
