"""Feeds the audio strip: computes (or reopens) the envelope in a worker, and shows the
playhead.

The envelope is computed once per media file in a thread worker (`EnvelopeCache` reopens it in
milliseconds next time); progress and the result come back as messages the screen hands to
`progress` and `ready`; playback never waits for it.

The playhead moves on each seek or key and at each poll (`resync()`), with a word mark when its
last move is old enough (`resync(least_s)`), and between them when `seconds_to_next_step` says
(the screen's ticker wakes for it): a move repaints only the playhead's two columns of the
strip, and none is made when its column has not changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.dom import DOMNode
from textual.message import Message

from captions.errors import CaptionError
from captions.speech.cache import EnvelopeCache
from captions.speech.envelope import Envelope
from captions.track import Timing
from player.text_safety import inert
from player.ui.widgets.audio_strip import AudioStrip


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
        screen: DOMNode,
        strip: AudioStrip,
        *,
        position_ms: Callable[[], int],
        cache: EnvelopeCache | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._screen = screen
        self.strip = strip
        self._position_ms = position_ms
        self._cache = cache
        self._monotonic = monotonic
        self._moved_at = -1e9  # monotonic time of the playhead's last move
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

    def resync(self, least_s: float = 0.0) -> None:
        """Show the playhead now (the strip repaints only if it changed column), but not
        within `least_s` of its last move (the ticker's frames: a move is a repaint)."""
        if least_s and self._monotonic() - self._moved_at < least_s:
            return
        if self.strip.set_playhead(self._position_ms()):
            self._moved_at = self._monotonic()

    def seconds_to_next_step(self, rate: float, least_s: float) -> float | None:
        """Wall seconds until the playhead enters its next column at `rate`, but not sooner
        than `least_s` after its last move; None when the strip shows no playhead (hidden, or
        no envelope yet)."""
        strip = self.strip
        if not strip.display or strip.envelope is None or strip.size.width <= 0:
            return None
        position = self._position_ms()
        ahead_ms = strip.next_column_ms(position) - position
        since = self._monotonic() - self._moved_at
        return max(ahead_ms / 1000 / max(0.01, rate), least_s - since)
