"""Feeds the audio strip: computes (or reopens) the envelope in a worker, and shows the
playhead.

The envelope is computed once per media file in a thread worker (`EnvelopeCache` reopens it in
milliseconds next time); progress and the result come back as messages the screen hands to
`progress` and `ready`; playback never waits for it.

The playhead moves on each seek or key (`resync(force=True)`) and from the screen's status
poll, there at most every `EVERY_S` (`resync()`); the strip then repaints only the playhead's
two columns. No timer of its own, and not faster: every move is a Textual update (about 1.5 to
3 ms of CPU however little it repaints). bench_cpu, app over bare python-vlc, same machine:
2.7x with the strip frozen (as without it), 3.1x moving every 0.5 s, 3.9x moving every 0.25 s
poll or with each word mark too, 7.3x with a timer per column (12 a second at ±5 s, 120 columns).
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

#: While playing, the playhead moves this often (s): see the module's note for the cost.
EVERY_S = 0.5


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
        self._moved_at = -EVERY_S
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

    def resync(self, *, force: bool = False) -> None:
        """Show the playhead now (the strip repaints only if it changed column); unless
        `force`d, not again within `EVERY_S` of its last move."""
        now = self._monotonic()
        if not force and now - self._moved_at < EVERY_S:
            return
        if self.strip.set_playhead(self._position_ms()):
            self._moved_at = now
