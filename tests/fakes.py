"""Test doubles: a backend with no audio whose time comes from an injectable clock, and a
monotonic clock the test moves by hand (they live with the tests, not in the package)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from player.playback.backend import (
    BackendEvent,
    EventKind,
    MediaError,
    MediaInfo,
    clamp_rate,
    clamp_volume,
)
from player.playback.clock import PlaybackClock
from player.playback.video_frames import FrameSource


class FakeBackend:
    """Plays an imaginary `duration_ms` of media in `now()` time (e.g. a test's fake clock).

    `load_error`: if set, `load` raises `MediaError` with that message. Video: `has_video` for
    media with a picture, `frames` for the terminal pane (e.g. a FakeFrameSource), `window` for
    a video window (captions handed to it are recorded in `subtitles`).
    """

    def __init__(
        self,
        duration_ms: int = 60_000,
        now: Callable[[], float] = time.monotonic,
        *,
        load_error: str | None = None,
        audio_output: str = "none (fake)",
        has_video: bool = False,
        frames: FrameSource | None = None,
        window: bool = False,
    ) -> None:
        self._duration = duration_ms
        self._now = now
        # A perfect player: no coarse updates to wait for, so no cap on extrapolation.
        self._clock = PlaybackClock(now, max_gap_s=float("inf"))
        self._load_error = load_error
        self._audio_output = audio_output
        self._loaded = False
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self._ended = False
        self._events: list[BackendEvent] = []
        self.closed = False
        self._has_video = has_video
        self.frames = frames
        self.shows_window = window
        self.video_note: str | None = None
        self.subtitles: list[Path] = []
        #: Every call made, in order, e.g. ("seek", 5000): tests may assert on it.
        self.calls: list[tuple[str, object]] = []

    def load(self, path: Path) -> MediaInfo:
        self.calls.append(("load", path))
        if self._load_error is not None:
            raise MediaError(self._load_error)
        self._loaded = True
        self._ended = False
        self._clock.reset(0)
        return MediaInfo(self._duration, True, self._has_video, Path(path).stem)

    def play(self) -> None:
        self.calls.append(("play", None))
        if not self._loaded or self._clock.running:
            return
        if self._ended or self._clock.position_ms() >= self._duration:
            self._clock.seek(0)
            self._ended = False
        self._clock.start()
        self._events.append(BackendEvent(EventKind.PLAYING, self._now()))

    def pause(self) -> None:
        self.calls.append(("pause", None))
        if self._clock.running:
            self._clock.hold()
            self._events.append(BackendEvent(EventKind.PAUSED, self._now()))

    def seek(self, ms: int) -> None:
        self.calls.append(("seek", ms))
        self._ended = False
        self._clock.seek(min(max(0, ms), self._duration))

    def position_ms(self) -> int:
        return min(self._clock.position_ms(), self._duration)

    @property
    def clock(self) -> PlaybackClock:
        return self._clock

    @property
    def duration_ms(self) -> int:
        return self._duration if self._loaded else 0

    @property
    def rate(self) -> float:
        return self._rate

    def set_rate(self, rate: float) -> None:
        self.calls.append(("rate", rate))
        self._rate = clamp_rate(rate)
        self._clock.set_rate(self._rate)

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        self._volume = clamp_volume(volume)

    @property
    def muted(self) -> bool:
        return self._muted

    def set_mute(self, muted: bool) -> None:
        self._muted = muted

    @property
    def playing(self) -> bool:
        return self._clock.running and not self._ended

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def audio_output(self) -> str:
        return self._audio_output

    @property
    def fallback_reason(self) -> str | None:
        return None

    def poll(self) -> list[BackendEvent]:
        if self._clock.running and not self._ended and self.position_ms() >= self._duration:
            self._ended = True
            self._clock.seek(self._duration)
            self._clock.hold()
            self._events.append(BackendEvent(EventKind.ENDED, self._now(), self._duration))
        events, self._events = self._events, []
        return events

    @property
    def has_video(self) -> bool:
        return self._has_video

    def show_subtitles(self, path: Path) -> None:
        self.calls.append(("show_subtitles", path))
        self.subtitles.append(path)

    def close(self) -> None:
        self.closed = True
        self._clock.hold()


class FakeTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds
