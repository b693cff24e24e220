"""The main screen's clock while playing: one timer for the now panel's word marks, the audio
strip's playhead and the backend poll (the status line's second), so each frame does all of
them that are due.

Waking the app is most of what it costs while playing: each wake-up is a Textual timer, a
message and a frame, 1 to 3 ms of CPU however little it repaints. So:

- word marks are shown when due (the highlight sets `words_in`), but not within `GAP_S` of the
  last frame (a word right after another waits those few ms);
- the playhead moves when it reaches its next column, not within `STEP_S` of its last move
  (2 moves a second at the default ±5 s, fewer zoomed out); it waits up to `STRETCH_S`
  for a word mark to move with;
- the poll (libvlc's facts, the status line's second, the seek bar) runs at the first frame
  after each whole second of media, or just after the second when no frame is due within
  `POLL_LAG_S`;
- a frame of the ticker moves the playhead too if its column changed and its last move is
  `STEP_S` old (each poll moves it at once); cue changes keep their
  own exact timer and a frame of their own (highlight.py: nothing may make it later), and no
  wake-up falls just before one (`CLEAR_S`);
- for `SETTLE_S` after a start, seek or state change the poll runs every `POLL_PLAYING_S`, so
  libvlc's first time updates re-time the highlight at once;
- paused: the poll every `POLL_PAUSED_S`, nothing else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.screen import Screen
from textual.timer import Timer

from player.playback.controller import PlaybackController
from player.ui.screens.strip_driver import StripDriver

#: Backend polling while settling / paused (seconds); cue changes do not wait for it.
POLL_PLAYING_S, POLL_PAUSED_S = 0.25, 0.5
#: For this long after a start, seek or state change the poll runs every POLL_PLAYING_S.
SETTLE_S = 2.0
#: The strip's playhead moves at most this often (s) ...
STEP_S = 0.5
#: ... and waits up to this long (s) for a word mark to move with.
STRETCH_S = 0.25
#: A word mark waits until this long (s) after the last frame.
GAP_S = 0.1
#: A poll may wait this long (s) past its second for a frame to ride on.
POLL_LAG_S = 0.4
#: The poll's own wake-up lands this long (ms of media) after the whole second.
SECOND_MARGIN_MS = 2
#: Wake-ups this close (s) are one.
JOIN_S = 0.005
#: No wake-up in this window (s) before a cue change: one there waits until half of it after
#: the change, when the highlight's frame is written (it would otherwise wait for this one).
CLEAR_S = 0.04


class LoopTimer:
    """A one-shot wake-up on the event loop itself (`loop.call_later`). Textual's `set_timer`
    costs a task per timer and a message to the screen per wake-up, about 0.5 ms of CPU each:
    a fifth of a frame, several times a second. An error in `callback` is raised again inside
    the screen's message handling, where Textual reports it as any handler's."""

    def __init__(self, screen: Screen[None], delay: float, callback: Callable[[], None]) -> None:
        self._screen = screen
        self._callback = callback
        self._handle = asyncio.get_running_loop().call_later(delay, self._run)

    def _run(self) -> None:
        try:
            self._callback()
        except Exception as exc:
            self._screen.call_next(_raise, exc)

    def stop(self) -> None:
        self._handle.cancel()


def _raise(exc: Exception) -> None:
    raise exc


class Ticker:
    """Schedules the word marks, the strip's playhead and `poll` of one screen."""

    def __init__(
        self,
        screen: Screen[None],
        playback: PlaybackController,
        strip: StripDriver,
        poll: Callable[[], None],
        words: Callable[[], None],
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._screen = screen
        self._playback = playback
        self._strip = strip
        self._poll = poll
        self._words = words
        self._monotonic = monotonic
        self._timer: Timer | LoopTimer | None = None
        self._waking = False
        self._wake_at = float("inf")
        self._settle_until = 0.0
        self._words_at: float | None = None  # monotonic time the next word mark is due
        self._last_frame = -1e9
        self._polled_second: int | None = None  # the media second of the last poll
        #: The delay (s) of the wake-up last armed (for tests).
        self.armed: float | None = None

    # -- from the screen and the highlight ----------------------------------------------------
    def schedule(self, *, settle: bool = True) -> None:
        """Re-arm after a start, seek or state change (`settle`: poll fast for a while)."""
        self.stop()
        now = self._monotonic()
        if settle:
            self._settle_until = now + SETTLE_S
        if not self._playback.playing:
            self._timer = self._screen.set_interval(POLL_PAUSED_S, self._poll)
            self.armed = POLL_PAUSED_S
            return
        self._arm(now, self._delay(now))

    def words_in(self, seconds: float | None) -> None:
        """The next word mark is due in `seconds` (None: none is)."""
        now = self._monotonic()
        self._words_at = None if seconds is None else now + max(0.0, seconds)
        if self._waking or self._timer is None or not self._playback.playing:
            return  # armed after the wake-up; paused: the highlight asks again on play
        if self._words_at is not None and self._words_at < self._wake_at - JOIN_S:
            self._timer.stop()
            self._arm(now, self._delay(now))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.armed = None
        self._wake_at = float("inf")

    # -- when to wake -------------------------------------------------------------------------
    def _delay(self, now: float) -> float:
        backend = self._playback.backend
        words = None
        if self._words_at is not None:
            words = max(self._words_at, self._last_frame + GAP_S) - now
        if backend is None or not backend.clock.running or now < self._settle_until:
            return min(POLL_PLAYING_S, POLL_PLAYING_S if words is None else words)
        rate = max(0.01, backend.rate)
        position = self._playback.position_ms()
        if position // 1000 != self._polled_second:
            to_second = 0.0
        else:
            to_second = (1000 - position % 1000 + SECOND_MARGIN_MS) / 1000 / rate
        step = self._strip.seconds_to_next_step(rate, STEP_S)
        if step is not None and words is not None and words <= step + STRETCH_S:
            step = words  # the playhead waits a little for the word mark
        candidates = [x for x in (step, words) if x is not None]
        due = min(candidates) if candidates else to_second
        if due > to_second + POLL_LAG_S:
            due = to_second
        follower = self._playback.follower
        change = follower.delay_to_next_boundary_s() if follower is not None else None
        if change is not None and change - CLEAR_S < due < change + JOIN_S:
            due = change + CLEAR_S / 2
        return due

    def _arm(self, now: float, delay: float) -> None:
        delay = max(0.0, delay)  # never negative: Textual's Timer spins on a negative delay
        self._timer = LoopTimer(self._screen, delay, self._wake)
        self._wake_at = now + delay
        self.armed = delay

    # -- waking -------------------------------------------------------------------------------
    def _wake(self) -> None:
        self._timer = None
        self._frame(self._monotonic())

    def _frame(self, now: float) -> None:
        """Mark the words if due, then poll (which moves the playhead too) if a second passed
        since the last poll or while settling, else move the playhead; re-arm."""
        self._waking = True
        try:
            if self._words_at is not None and now >= self._words_at - JOIN_S:
                self._words_at = None
                self._words()
            second = self._playback.position_ms() // 1000
            if second != self._polled_second or now < self._settle_until:
                self._polled_second = second
                self._poll()
            else:
                self._strip.resync(STEP_S)
        finally:
            self._waking = False
        self._last_frame = now
        if self._timer is None:  # not re-armed by a state change in the poll
            self.schedule(settle=False)
