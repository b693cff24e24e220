"""Watching, for the main screen: the video pane in the terminal, the captions on libVLC's own
window, and the second caption track (now panel line, transcript lines, its own timing).

The main screen owns one `Watching` and calls it at start-up, after each edit and at each
re-timing of the highlight; the pane and the window get their frames and captions from the
backend, never from a widget holding it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from textual.screen import Screen
from textual.timer import Timer

from captions.pairing import SecondTrack
from player.playback.backend import Backend
from player.playback.controller import PlaybackController
from player.playback.window_captions import WindowCaptions
from player.ui.widgets.now_panel import NowPanel
from player.ui.widgets.transcript_view import TranscriptView
from player.ui.widgets.video_pane import VideoPane

#: Seconds between checks that a window-caption hand-over is due, and between stats writes.
TICK_S = 0.25
#: A video frame due this close (s) before the highlight changes is skipped.
HOLD_S = 0.05
#: $CAPTION_PLAYER_STATS names a file the pane's frame counters are written to (benchmarks).
STATS_ENV = "CAPTION_PLAYER_STATS"


class Watching:
    """The video pane, the window's captions and the second track of one main screen."""

    def __init__(
        self,
        screen: Screen[None],
        playback: PlaybackController,
        now_panel: NowPanel,
        transcript: TranscriptView,
        pane: VideoPane,
        second: SecondTrack | None,
    ) -> None:
        self._screen = screen
        self._playback = playback
        self._now_panel = now_panel
        self._transcript = transcript
        self.pane = pane
        self.second = second
        self.second_shown = second is not None
        self._second_timer: Timer | None = None
        self._tick: Timer | None = None
        self._window: WindowCaptions | None = None
        self._backend: Backend | None = None
        self._stats = os.environ.get(STATS_ENV)
        self._stats_at = 0.0

    # -- start-up --------------------------------------------------------------------------
    def backend_ready(self, backend: Backend) -> None:
        """Playback is ready: show the pane (terminal video) or hand captions to the window."""
        self._backend = backend
        if backend.has_video and backend.frames is not None:
            self.pane.set_active(True)  # first: attached while hidden, Matroska would re-open
            self.pane.attach(backend.frames)
        if backend.has_video and backend.shows_window:
            self._window = WindowCaptions(backend.show_subtitles)
            self._window.flush(self._playback.track)
        if self._window is not None or self._stats:
            self._tick = self._screen.set_interval(TICK_S, self._on_tick)

    def stop(self) -> None:
        for timer in (self._second_timer, self._tick):
            if timer is not None:
                timer.stop()
        self._second_timer = self._tick = None
        if self._window is not None:
            self._window.close()
            self._window = None

    # -- the video pane --------------------------------------------------------------------
    @property
    def has_pane(self) -> bool:
        """Whether there is terminal video to show (media with video, no window)."""
        backend = self._backend
        return backend is not None and backend.has_video and backend.frames is not None

    def toggle_video(self) -> str:
        """Show or hide the video pane; returns what happened, for a notice."""
        if not self.has_pane:
            if self._backend is not None and self._backend.shows_window:
                return "The video is in libVLC's window."
            return "No video to show."
        self.pane.set_active(not self.pane.active)
        return "Video shown." if self.pane.active else "Video hidden (not decoded)."

    def boundary_soon(self) -> bool:
        """Whether the highlight changes within `HOLD_S`: the pane skips a frame then."""
        follower, backend = self._playback.follower, self._playback.backend
        if follower is None or backend is None or not backend.playing:
            return False
        delay = follower.delay_to_next_boundary_s()
        return delay is not None and delay < HOLD_S

    def notes(self) -> list[str]:
        """For the status line: why there is no picture, when that is known (the pane, with
        nothing to show, is then hidden: its rows go back to the transcript)."""
        backend = self._backend
        if backend is None or not backend.video_note:
            return []
        if self.pane.active and self.pane.frames_shown == 0:
            self.pane.set_active(False)
        return [backend.video_note]

    # -- captions on libVLC's window -------------------------------------------------------
    def track_edited(self) -> None:
        """The main track was edited: the window's captions follow once edits pause."""
        if self._window is not None:
            self._window.changed()

    def _on_tick(self) -> None:
        if self._window is not None and self._window.due():
            self._window.flush(self._playback.track)
        if self._stats:
            self._write_stats(self._stats)

    def _write_stats(self, path: str) -> None:
        frames = getattr(self._backend, "frames", None)
        slot = getattr(frames, "frames", None)
        stats = {
            "t": time.monotonic(),
            "displayed": getattr(slot, "offered", 0),
            "published": getattr(slot, "seq", 0),
            "shown": self.pane.frames_shown,
        }
        try:
            Path(path).write_text(json.dumps(stats))
        except OSError:
            self._stats = None

    # -- the second track ------------------------------------------------------------------
    def second_under(self, row: int) -> str:
        """The second track's text under transcript row `row`."""
        if self.second is None:
            return ""
        return self.second.under(self._playback.track, row)

    def search_text(self, row: int, cue_text: str) -> str:
        """A row's text for search: the cue's, and the second track's while shown (a NUL
        between them, so no match spans the two)."""
        if not self.second_shown or self.second is None:
            return cue_text
        return f"{cue_text}\0{self.second_under(row)}"

    def toggle_second(self) -> str:
        """Show or hide the second track (now panel line and transcript lines)."""
        if self.second is None:
            return "No second caption track (open one with --second FILE)."
        self.second_shown = not self.second_shown
        self._transcript.show_second(self.second_shown)
        self.resync()
        return "Second track shown." if self.second_shown else "Second track hidden."

    def resync(self) -> None:
        """Show the second track's cue at the playhead and time its next change."""
        if self._second_timer is not None:
            self._second_timer.stop()
            self._second_timer = None
        second = self.second
        if second is None:
            return
        if not self.second_shown:
            self._now_panel.show_second(None, shown=False)
            return
        position = self._playback.position_ms()
        self._now_panel.show_second(second.text_at(position))
        backend = self._playback.backend
        change = second.next_change(position)
        if change is not None and backend is not None and backend.playing:
            delay = max(0.0, (change - position) / 1000 / max(0.01, backend.rate))
            self._second_timer = self._screen.set_timer(delay + 0.001, self.resync)
