"""Feeds the audio strip: computes (or reopens) the envelope in a worker, and moves the
playhead on time.

The envelope is computed once per media file in a thread worker (`EnvelopeCache` reopens it in
milliseconds next time); progress and the result come back as messages the screen hands to
`progress` and `ready`; playback never waits for it. While playing, a timer is set for the moment
the playhead reaches the strip's next column (as the highlight's timer is set for the next cue
boundary), so the strip repaints one column at a time and not on a fixed tick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from captions.errors import CaptionError
from captions.speech.cache import EnvelopeCache
from captions.speech.envelope import Envelope
from captions.track import Timing
from player.text_safety import inert
from player.ui.widgets.audio_strip import AudioStrip

#: Never arm the playhead timer for less than this (s): no busy loop at a column edge.
MIN_TICK_S = 0.02


class EnvelopeProgress(Message):
    """The envelope worker got this far (0..1), with the envelope of the part done so far when
    there is a new one; a newer message replaces an unhandled older one that adds nothing."""

    def __init__(self, fraction: float, partial: Envelope | None = None) -> None:
        self.fraction = fraction
        self.partial = partial
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, EnvelopeProgress) and (
            self.partial is not None or message.partial is None
        )


class EnvelopeReady(Message):
    """The envelope (or None, with `note` saying why there is none)."""

    def __init__(self, envelope: Envelope | None, note: str = "") -> None:
        self.envelope = envelope
        self.note = note
        super().__init__()


class StripDriver:
    """Owns the envelope of the open media and keeps `strip` in step with the playhead."""

    def __init__(
        self,
        screen: Screen[object],
        strip: AudioStrip,
        *,
        position_ms: Callable[[], int],
        playing: Callable[[], bool],
        rate: Callable[[], float],
        cache: EnvelopeCache | None = None,
    ) -> None:
        self._screen = screen
        self.strip = strip
        self._position_ms = position_ms
        self._playing = playing
        self._rate = rate
        self._cache = cache
        self._timer: Timer | None = None
        #: Delay (s) the playhead timer was last armed with (None: not armed).
        self.next_tick_s: float | None = None
        self.envelope: Envelope | None = None

    # -- the envelope -----------------------------------------------------------------------
    def start(self, media: Path | None) -> None:
        """Compute or reopen the envelope of `media` in a worker (None: say there is none)."""
        if media is None:
            self.strip.set_envelope(None, "audio: no media")
            return
        self._screen.run_worker(
            lambda: self._compute(media),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group="envelope",
            name="envelope",
        )

    def _compute(self, media: Path) -> None:
        screen = self._screen

        done = [0.0]

        def report(fraction: float) -> None:
            done[0] = fraction
            screen.post_message(EnvelopeProgress(fraction))

        def part(envelope: Envelope) -> None:
            screen.post_message(EnvelopeProgress(done[0], envelope))

        try:
            cache = self._cache or EnvelopeCache()
            envelope = cache.load_or_compute(media, report, part)
        except CaptionError as exc:
            screen.post_message(EnvelopeReady(None, f"audio: {inert(str(exc))}"))
            return
        except Exception as exc:  # a worker's error would otherwise vanish silently
            note = f"audio: could not analyse ({type(exc).__name__}: {exc})"
            screen.post_message(EnvelopeReady(None, inert(note)))
            return
        screen.post_message(EnvelopeReady(envelope))

    def progress(self, message: EnvelopeProgress) -> None:
        """Show how far the worker is, and the part it has done (snapping can use it too)."""
        if message.partial is not None:
            self.envelope = message.partial
        self.strip.set_progress(message.fraction, message.partial)
        if message.partial is not None:
            self.resync()

    def ready(self, message: EnvelopeReady) -> None:
        self.envelope = message.envelope
        self.strip.set_envelope(message.envelope, message.note)
        self.resync()

    # -- cues and playhead ------------------------------------------------------------------
    def cues(self, timing: Timing, active: int | None) -> None:
        """The cues changed (an edit) or the active cue moved."""
        self.strip.set_cues(timing, active)

    def active(self, index: int | None) -> None:
        self.strip.set_active(index)

    def zoom(self, steps: int) -> int:
        span = self.strip.zoom(steps)
        self.resync()
        return span

    def resync(self) -> None:
        """Show the playhead now and set the timer for its next column."""
        self.strip.set_playhead(self._position_ms())
        self._arm()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _arm(self) -> None:
        self.stop()
        self.next_tick_s = None
        strip = self.strip
        if not self._playing() or self.envelope is None or not strip.display:
            return
        window = strip.window
        now = strip.playhead_ms
        col = window.column(now)
        if col is None:
            next_ms = now + window.span_ms // max(1, window.width)
        else:
            # The first ms of the next column.
            next_ms = window.start_ms - (-(col + 1) * window.span_ms // window.width)
        seconds = max(MIN_TICK_S, (next_ms - now) / 1000 / max(0.01, self._rate()))
        self.next_tick_s = seconds
        self._timer = self._screen.set_timer(seconds, self._tick)

    def _tick(self) -> None:
        self._timer = None
        self.resync()
