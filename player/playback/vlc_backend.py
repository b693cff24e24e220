"""Playback through libvlc (python-vlc): the only module that imports `vlc`.

libvlc rules this follows (see VLC-NOTES.md): event callbacks only append facts to a deque and
never call libvlc; `poll()` on the caller's thread applies them. An ended player needs `stop()`
before `play()`. Media is parsed and checked first (vlc_media); the video side is vlc_video.
"""

from __future__ import annotations

import ctypes
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.playback.audio_output import choose_audio, unknown_output
from player.playback.backend import (
    INSTALL_COMMAND,
    BackendEvent,
    BackendUnavailable,
    EventKind,
    MediaInfo,
    clamp_rate,
    clamp_volume,
)
from player.playback.clock import PlaybackClock
from player.playback.media_probe import check_file, codec_offset_ms
from player.playback.video_frames import VlcFrameSource
from player.playback.vlc_log import LogFile, default_log_path, open_log, silence_alsa
from player.playback.vlc_media import parse_media, with_options
from player.playback.vlc_video import VlcVideo

try:
    import vlc as _vlc
# python-vlc exits on a bad PYTHON_VLC_* path and raises NotImplementedError when the linker
# lists libvlc but it cannot be loaded.
except (ImportError, OSError, SystemExit, NotImplementedError):
    _vlc = None
vlc: Any = _vlc

#: A raw fact from a callback: (kind, monotonic time, vlc time or None).
_Raw = tuple[EventKind, float, int | None]

_BASE_ARGS = (
    "--quiet",
    "--no-sub-autodetect-file",
    "--no-metadata-network-access",
    "--codec=avcodec,any",  # libmpg123 prints seek errors to fd 2; avcodec logs via libvlc
)


def effective_rate(rate: float) -> float:
    """The speed libvlc 3 really plays at for a requested `rate` (it stores int(1000/rate))."""
    return 1000.0 / int(1000.0 / rate)


class VlcBackend:
    """The `Backend` over libvlc. Cheap to construct; `start()` (or the first `load`) creates the
    libvlc instance (~140 ms: do it in a worker thread after the first paint)."""

    def __init__(
        self,
        audio: str = "auto",
        video: bool = False,
        log_path: Path | None = None,
        terminal_video: bool = False,
        *,
        now: Callable[[], float] = time.monotonic,
        parse_timeout_ms: int = 2000,
        clock_window: int = 1,
    ) -> None:
        self._aout_args, self._audio_output, self._fallback_reason = choose_audio(audio)
        self._video = VlcVideo(video, terminal_video, now)
        #: Frames for the terminal's video pane (when not showing VLC's own window).
        self.frames: VlcFrameSource | None = self._video.frames
        if self.frames is not None:
            self.frames.on_decode_change = self._reopen
        self._log_path = log_path
        self._now = now
        self._parse_timeout_ms = parse_timeout_ms
        self._clock = PlaybackClock(now, window=clock_window)
        self._raw: deque[_Raw] = deque()
        self._instance: Any = None
        self._player: Any = None
        self._media: Any = None
        self._path: Path | None = None
        self._logfile: LogFile | None = None
        self._offset = 0.0  # ms added to libvlc's time: see media_probe.codec_offset_ms
        self._duration = 0
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self._playing = False  # play requested and not paused/ended/failed
        self._ended = False
        self._input_open = False  # libvlc has an input to pause/seek (played, not ended)
        self._finished = False  # libvlc's player ended or failed: stop() before play()
        self._echo: int | None = None  # libvlc reports a set_time target at once: skip it
        self.error: str | None = None  # latched playback error message

    # -- set-up --------------------------------------------------------------------------

    @property
    def log_path(self) -> Path | None:
        """Where libvlc's messages go (set once started)."""
        return self._log_path

    def start(self) -> None:
        """Create the libvlc instance and player (idempotent). Raises `BackendUnavailable`."""
        if self._player is not None:
            return
        if vlc is None or not hasattr(vlc.dll, "libvlc_new"):
            raise BackendUnavailable(f"libvlc is not installed; install it with: {INSTALL_COMMAND}")
        silence_alsa()
        args = [*_BASE_ARGS, *self._aout_args, *self._video.instance_args()]
        try:
            instance = vlc.Instance(args)
        except (OSError, NameError, AttributeError) as exc:
            raise BackendUnavailable(
                f"libvlc could not start ({exc}); reinstall it with: {INSTALL_COMMAND}"
            ) from None
        if instance is None:
            raise BackendUnavailable(
                f"libvlc's plugins are missing or broken; install them with: {INSTALL_COMMAND}"
            )
        outputs: list[dict[str, bytes]] = getattr(
            instance, "audio_output_enumerate_devices", list
        )()
        reason = unknown_output(self._aout_args, [o["name"].decode() for o in outputs])
        if reason:  # a name libVLC lacks: say so, and play through the dummy output
            instance.release()
            self._aout_args, self._audio_output = ["--aout=adummy"], "none (adummy)"
            self._fallback_reason = reason
            instance = vlc.Instance([*_BASE_ARGS, *self._aout_args, *self._video.instance_args()])
        self._log_path = open_log(self._log_path or default_log_path())
        self._logfile = LogFile(self._log_path)
        if self._logfile.pointer:
            instance.log_set_file(ctypes.cast(self._logfile.pointer, vlc.FILE_ptr))
        player = instance.media_player_new()
        manager = player.event_manager()
        kinds = {
            vlc.EventType.MediaPlayerTimeChanged: EventKind.TIME,
            vlc.EventType.MediaPlayerPlaying: EventKind.PLAYING,
            vlc.EventType.MediaPlayerPaused: EventKind.PAUSED,
            vlc.EventType.MediaPlayerEndReached: EventKind.ENDED,
            vlc.EventType.MediaPlayerEncounteredError: EventKind.ERROR,
        }
        for event_type, kind in kinds.items():
            manager.event_attach(event_type, self._recorder(kind))
        if self._rate != 1.0:
            player.set_rate(self._rate)
        self._video.attach(player, vlc.dll)
        self._instance = instance
        self._player = player

    def _recorder(self, kind: EventKind) -> Callable[[Any], None]:
        raw = self._raw
        now = self._now
        if kind is EventKind.TIME:

            def record(event: Any) -> None:
                raw.append((kind, now(), int(event.u.new_time)))

        else:

            def record(event: Any) -> None:
                raw.append((kind, now(), None))

        return record

    # -- media ---------------------------------------------------------------------------

    def load(self, path: Path) -> MediaInfo:
        path = Path(path)
        check_file(path)
        self.start()
        parsed = parse_media(vlc, self._instance, path, self._parse_timeout_ms)
        self._reset_player()
        self._media = parsed.media
        self._player.set_media(parsed.media)
        self._offset = codec_offset_ms(path)
        self._duration = int(parsed.duration_ms + self._offset)
        self._path = path
        self._video.loaded(path, parsed.has_video)
        with_options(parsed.media, self._video.media_options())
        return MediaInfo(self._duration, True, parsed.has_video, parsed.title)

    def _reset_player(self) -> None:
        if self._input_open or self._finished:
            self._player.stop()
        self._raw.clear()
        if self._media is not None:
            self._media.release()
            self._media = None
        self._clock.reset(0)
        self._playing = self._ended = self._input_open = self._finished = False
        self._echo = None
        self.error = None
        self._video.reset()

    def _reopen(self) -> None:
        """Open the media again where it is, with `VlcVideo.media_options` (decoding the video
        or not), playing on if it was: hiding and showing the pane for Matroska files."""
        if self._media is None or self._path is None:
            return
        media = self._instance.media_new_path(str(self._path))
        resume, self._playing = self._playing, False
        self._clock.hold()
        if self._input_open:
            self._player.stop()
        self._input_open, self._echo = False, None
        self._raw.clear()
        self._player.set_media(with_options(media, self._video.media_options()))
        self._media.release()
        self._media = media
        if resume:
            self.play()

    # -- transport -----------------------------------------------------------------------

    def play(self) -> None:
        if self._media is None or self._playing:
            return
        self.error = None
        if self._input_open:
            self._player.set_pause(0)
        else:
            pos = self._clock.position_ms()
            if pos >= self._duration - 250:
                pos = 0
            if self._finished:
                self._player.stop()  # an Ended player ignores play()
                self._finished = self._ended = False
            # From libvlc's time 0, the audio heard is at the codec offset already.
            start = max(pos, round(self._offset))
            self._clock.seek(start)
            self._clock.hold()
            self._player.play()
            self._input_open = True
            if pos > start - 1 and pos > 0:
                self._set_time(pos)
        self._playing = True

    def pause(self) -> None:
        if not self._playing:
            return
        self._clock.hold()
        self._playing = False
        if self._input_open:
            self._player.set_pause(1)

    def _set_time(self, ms: int) -> None:
        target = max(0, round(ms - self._offset))
        self._echo = target
        self._player.set_time(target)

    def seek(self, ms: int) -> None:
        if self._media is None:
            return
        ms = min(max(0, int(ms)), max(0, self._duration - 1))
        running = self._clock.running
        self._clock.seek(ms)
        if self._ended:
            self._ended = False
            self._input_open = False  # play() restarts from the clock's position
            self._clock.hold()
        elif self._input_open:
            self._set_time(ms)
        elif running:
            self._clock.hold()

    def position_ms(self) -> int:
        return min(self._clock.position_ms(), self._duration)

    @property
    def clock(self) -> PlaybackClock:
        return self._clock

    @property
    def duration_ms(self) -> int:
        return self._duration

    @property
    def has_video(self) -> bool:
        """Whether the loaded media has a video track."""
        return self._video.has_video

    @property
    def rate(self) -> float:
        return self._rate

    def set_rate(self, rate: float) -> None:
        self._rate = clamp_rate(rate)
        if self._player is not None:
            self._player.set_rate(self._rate)
        self._clock.set_rate(effective_rate(self._rate))

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        self._volume = clamp_volume(volume)
        if self._input_open:
            self._player.audio_set_volume(self._volume)

    @property
    def muted(self) -> bool:
        return self._muted

    def set_mute(self, muted: bool) -> None:
        self._muted = muted
        if self._input_open:
            self._player.audio_set_mute(muted)

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def audio_output(self) -> str:
        return self._audio_output

    @property
    def fallback_reason(self) -> str | None:
        return self._fallback_reason

    # -- events --------------------------------------------------------------------------

    def poll(self) -> list[BackendEvent]:
        events: list[BackendEvent] = []
        raw = self._raw
        clock = self._clock
        while raw:
            kind, at, value = raw.popleft()
            if kind is EventKind.TIME:
                if value is None or self._ended or not self._input_open:
                    continue
                if value == self._echo:
                    self._echo = None
                    continue
                self._echo = None
                media_ms = value + self._offset
                if self._playing and clock.update(media_ms, at):
                    events.append(BackendEvent(kind, at, int(media_ms)))
                elif not self._playing:
                    clock.update(media_ms, at)
            elif kind is EventKind.PLAYING:
                if self._playing and not clock.running:
                    clock.start(at)
                    self._player.audio_set_volume(self._volume)
                    self._player.audio_set_mute(self._muted)
                    events.append(BackendEvent(kind, at))
                    self._video.playing(at)
            elif kind is EventKind.PAUSED:
                events.append(BackendEvent(kind, at))
            elif kind is EventKind.ENDED:
                if self._input_open:
                    self._ended = self._finished = True
                    self._playing = False
                    self._input_open = False
                    clock.end(self._duration)
                    events.append(BackendEvent(kind, at, self._duration))
            elif kind is EventKind.ERROR:
                self.error = f"playback failed (details in {self._log_path})"
                self._playing = False
                self._ended = self._finished = True
                self._input_open = False
                clock.hold(at)
                events.append(BackendEvent(kind, at, message=self.error))
        if self._media is not None:
            self._video.check(vlc, self._player, self._media, self._playing and self._input_open)
        return events

    # -- video (player/playback/vlc_video.py) ----------------------------------------------

    @property
    def video_note(self) -> str | None:
        """Why there is no picture, once that is known."""
        return self._video.note

    def show_subtitles(self, path: Path) -> None:
        """Have libVLC draw the captions of `path` on its video window (replacing the last)."""
        self._video.show_subtitles(vlc, self._player, path)

    @property
    def shows_window(self) -> bool:
        """Whether libVLC shows the video in a window of its own (a display and `video`)."""
        return self._video.window

    def close(self) -> None:
        if self._player is None:
            return
        self._player.stop()
        if self._media is not None:
            self._media.release()
            self._media = None
        self._player.release()
        self._instance.log_unset()
        self._instance.release()
        self._player = self._instance = None
        if self._logfile is not None:
            self._logfile.close()
            self._logfile = None
        self._playing = self._input_open = False
