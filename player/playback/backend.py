"""The playback interface the UI codes against, and the facts a backend reports.

Every method is called from one thread (the UI's); `load` may run in a worker thread as long as
nothing else touches the backend meanwhile. Times are integer milliseconds of media time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from player.playback.clock import PlaybackClock

if TYPE_CHECKING:
    from player.playback.video_frames import FrameSource

#: The command that installs libvlc and its plugins on Debian/Ubuntu.
INSTALL_COMMAND = "sudo apt-get install -y libvlc5 vlc-plugin-base"


class MediaError(Exception):
    """The media cannot be played; `str(error)` is one line for the user."""


class BackendUnavailable(Exception):
    """The playback library is missing or broken; the message says how to install it."""


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What the media check found."""

    duration_ms: int
    has_audio: bool
    has_video: bool
    title: str


class EventKind(enum.StrEnum):
    """What happened in the player (recorded by a callback, delivered by `poll`)."""

    TIME = "time"  # a new media time from the player; the clock has re-anchored on it
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"  # end of media reached (the clock runs on to the duration, then holds)
    ERROR = "error"  # playback failed; `message` says why


@dataclass(frozen=True, slots=True)
class BackendEvent:
    """One fact: its kind, the monotonic time it was recorded, and any value."""

    kind: EventKind
    at: float
    media_ms: int | None = None
    message: str | None = None


class Backend(Protocol):
    """Playback of one media file at a time, with a smooth position clock."""

    def load(self, path: Path) -> MediaInfo:
        """Check and open `path` (paused at 0); raise `MediaError` if it is not playable."""
        ...

    def play(self) -> None:
        """Start or resume playback (from the start again after the end)."""
        ...

    def pause(self) -> None:
        """Pause; the position holds."""
        ...

    def seek(self, ms: int) -> None:
        """Jump to `ms` (clamped to the media); the position is `ms` at once."""
        ...

    def position_ms(self) -> int:
        """The media time being heard now, extrapolated between player updates; smooth."""
        ...

    @property
    def clock(self) -> PlaybackClock:
        """The position clock (for `CueFollower`)."""
        ...

    @property
    def duration_ms(self) -> int:
        """Length of the loaded media (0 before `load`)."""
        ...

    @property
    def rate(self) -> float:
        """Playback speed as requested (1.0 = normal)."""
        ...

    def set_rate(self, rate: float) -> None:
        """Change the speed (clamped to 0.25..4.0)."""
        ...

    @property
    def volume(self) -> int:
        """Volume 0..100."""
        ...

    def set_volume(self, volume: int) -> None:
        """Set the volume (clamped to 0..100)."""
        ...

    @property
    def muted(self) -> bool:
        """Whether the audio is muted."""
        ...

    def set_mute(self, muted: bool) -> None:
        """Mute or unmute."""
        ...

    @property
    def playing(self) -> bool:
        """True while playing (not paused, not ended)."""
        ...

    @property
    def ended(self) -> bool:
        """True once the end of the media was reached (until the next play or seek)."""
        ...

    @property
    def audio_output(self) -> str:
        """The audio output in use, e.g. "pulse" or "none (adummy)"."""
        ...

    @property
    def fallback_reason(self) -> str | None:
        """Why "auto" audio fell back to no sound, or None."""
        ...

    def poll(self) -> list[BackendEvent]:
        """Apply and return what the player reported since the last call (call every ~50 ms)."""
        ...

    # -- video -------------------------------------------------------------------------------
    @property
    def has_video(self) -> bool:
        """Whether the loaded media has a video track."""
        ...

    @property
    def frames(self) -> FrameSource | None:
        """Frames for the terminal's video pane (None: no video in the terminal)."""
        ...

    @property
    def shows_window(self) -> bool:
        """Whether the video plays in the playback library's own window."""
        ...

    @property
    def video_note(self) -> str | None:
        """Why there is no picture, once that is known (e.g. no decoder for the codec)."""
        ...

    def show_subtitles(self, path: Path) -> None:
        """Have the video window draw the captions of `path` (replacing the previous ones)."""
        ...

    def close(self) -> None:
        """Stop and release everything; the backend cannot be used afterwards."""
        ...


#: Speeds the backends accept.
MIN_RATE = 0.25
MAX_RATE = 4.0


def clamp_rate(rate: float) -> float:
    """`rate` limited to what the backends accept."""
    return min(MAX_RATE, max(MIN_RATE, rate))


def clamp_volume(volume: int) -> int:
    """`volume` limited to 0..100."""
    return min(100, max(0, int(volume)))
