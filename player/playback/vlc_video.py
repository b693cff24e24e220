"""The video side of the libVLC backend: libVLC's own window (with a display) or frames for the
terminal's pane, the picture size and codec of each media, and the note saying why there is no
picture when libVLC has no decoder for it.

`vlc_backend` owns the libVLC instance and player and calls this on its thread; nothing here
runs on libVLC's threads except the frame callbacks inside `VlcFrameSource`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.playback.video_frames import VlcFrameSource, missing_decoder_note, prepare_video

#: Seconds of playing after which a video that decoded nothing is reported.
VIDEO_CHECK_S = 2.0
#: Media options that keep the video track (so Matroska seeks still use its index) but have the
#: decoder discard every picture: a hidden pane's video costs no decoding.
SKIP_DECODING = (":avcodec-skip-frame=4", ":avcodec-skip-idct=4")


def no_display() -> bool:
    """Whether there is no display for libVLC's window ($DISPLAY or $WAYLAND_DISPLAY unset)."""
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class VlcVideo:
    """Where the video goes (`window`, or `frames` for the terminal pane, or nowhere) and what
    is known about the loaded media's picture."""

    def __init__(self, video: bool, terminal_video: bool, now: Callable[[], float]) -> None:
        #: libVLC shows the video in a window of its own (asked for, and there is a display).
        self.window = video and not no_display()
        #: Frames for the terminal's video pane (when not showing libVLC's own window).
        self.frames = VlcFrameSource() if terminal_video and not self.window else None
        self.note: str | None = None  # why there is no picture, once that is known
        self.has_video = False
        self._now = now
        self._codec = ""
        self._check_at: float | None = None

    def instance_args(self) -> list[str]:
        """libVLC options for where the video goes."""
        if self.frames is not None:
            return ["--avcodec-hw=none"]  # frames go to memory: no GPU decode, no probing
        return [] if self.window else ["--no-video"]

    def attach(self, player: Any, dll: Any) -> None:
        """Route `player`'s video into the frame source, if there is one."""
        if self.frames is not None:
            self.frames.attach(player, dll)

    def loaded(self, path: Path, has_video: bool) -> None:
        """A media was loaded: read its video stream if it will be shown."""
        self.has_video = has_video
        shown = has_video and (self.window or self.frames is not None)
        self._codec = prepare_video(path, self.frames) if shown else ""

    def media_options(self) -> tuple[str, ...]:
        """Options for the media about to be opened: no video decoding while the pane is hidden
        and its track cannot be deselected (Matroska)."""
        frames = self.frames
        if frames is None or frames.enabled or frames.can_deselect:
            return ()
        return SKIP_DECODING

    def reset(self) -> None:
        """Forget what was found about the last media's picture."""
        self.note = None
        self._check_at = None

    def playing(self, at: float) -> None:
        """libVLC started playing at `at` (monotonic): check for a picture a while later."""
        if self.frames is not None:
            self.frames.on_playing()
        shown = self.window or (self.frames is not None and self.frames.enabled)
        if self.has_video and shown and self.note is None:
            self._check_at = at + VIDEO_CHECK_S

    def check(self, vlc: Any, player: Any, media: Any, playing: bool) -> None:
        """Once, a while after playing starts: note when no video was decoded (libVLC plays
        the audio alone then, without a word)."""
        due, self._check_at = self._check_at, None
        if due is None or self._now() < due:
            self._check_at = due
        elif playing:
            stats = vlc.MediaStats()
            media.get_stats(stats)
            if stats.decoded_video == 0 and not player.has_vout():
                self.note = missing_decoder_note(self._codec)

    def show_subtitles(self, vlc: Any, player: Any, path: Path) -> None:
        """Have libVLC draw the captions of `path` on its window (replacing the last)."""
        if player is not None and self.window:
            player.add_slave(vlc.MediaSlaveType.subtitle, Path(path).as_uri(), True)
