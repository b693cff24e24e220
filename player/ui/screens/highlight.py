"""The spoken cue on time: the highlight is re-timed by a timer set for the next cue boundary
(not by polling), and its frame carries nothing else (bench_highlight times it: with the strip's
playhead and the poll in it, p50 went from 6 to 16 ms). The now panel's word marks are timed by
the screen's ticker (`words_in` says when the next is due; it calls `mark_words`), with the
strip's playhead and the status."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.timer import Timer

from player.playback.controller import PlaybackController
from player.ui.widgets.now_panel import NowPanel
from player.ui.widgets.transcript_view import TranscriptView


class Highlighter:
    """Keeps the transcript's current row and the now panel in step with the playhead."""

    def __init__(
        self,
        screen: Screen[None],
        playback: PlaybackController,
        transcript: TranscriptView,
        now_panel: NowPanel,
        *,
        words_in: Callable[[float | None], None],
    ) -> None:
        self._screen = screen
        self._playback = playback
        self._transcript = transcript
        self._now_panel = now_panel
        self._words_in = words_in
        self._boundary_timer: Timer | None = None
        #: The cue shown (None: between cues; -1: nothing shown yet, or the cues changed).
        self.shown_cue: int | None = -1

    def resync(self) -> None:
        """Show the cue at the playhead now and set a timer for the next boundary."""
        self._apply(self._playback.current_cue())
        self._arm()

    def invalidate(self) -> None:
        """The cues changed: the next resync repaints whatever it finds."""
        self.shown_cue = -1

    def show_between(self) -> None:
        """Before playback starts: the now panel with no cue."""
        self._show_cue(None)

    def stop(self) -> None:
        if self._boundary_timer is not None:
            self._boundary_timer.stop()
            self._boundary_timer = None

    def _arm(self) -> None:
        if self._boundary_timer is not None:
            self._boundary_timer.stop()
            self._boundary_timer = None
        delay = self._playback.delay_to_next_boundary_s()
        if delay is not None:  # never negative: Textual's Timer spins on a negative delay
            self._boundary_timer = self._screen.set_timer(delay, self._on_boundary)

    def _on_boundary(self) -> None:
        self._boundary_timer = None
        self._apply(self._playback.current_cue())
        if self._playback.check_loop():
            self._apply(self._playback.current_cue())
        self._arm()

    def _apply(self, index: int | None) -> None:
        if index == self.shown_cue:
            return
        self.shown_cue = index
        self._transcript.set_current(index, follow=self._playback.follow)
        self._show_cue(index)

    def _show_cue(self, index: int | None) -> None:
        """Fill the now panel for cue `index` (None: between cues) and time the word marks."""
        playback = self._playback
        wait_ms = self._now_panel.show_cue(playback.track, index, playback.position_ms())
        backend = playback.backend
        if wait_ms is not None and backend is not None and backend.playing:
            self._words_in(max(0.0, wait_ms / 1000 / max(0.01, backend.rate)))
        else:
            self._words_in(None)

    def mark_words(self) -> None:
        """The next word mark is due: show it (the ticker calls this)."""
        if self._playback.backend is not None:
            self._show_cue(self.shown_cue)
