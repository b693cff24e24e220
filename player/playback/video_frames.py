"""Video frames for the terminal pane, from libVLC's video callbacks: the latest frame, no queue.

libVLC decodes and scales (RV32 at the size `set_target` asks for, fitted to the video's aspect
ratio) into one buffer of ours; at each picture's display time its thread copies that buffer into
a single latest-frame slot, at most `max_fps` times a second (the rest are dropped). The slot's
lock is held only for that copy and for the copy `latest()` makes for the UI thread, so neither
audio nor the UI ever waits for a picture. The callbacks touch only our memory: they never call
libVLC (it is not reentrant, see VLC-NOTES.md). Everything that does call libVLC here
(`attach`, `set_enabled`, `restart`) runs on the thread that drives the player.

This module only uses ctypes and the player handle it is given; `vlc_backend` owns libVLC.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from player.playback.media_probe import video_stream_info

#: Frames offered to the UI per second, at most.
MAX_FPS = 15.0
#: libVLC wants picture buffers aligned to this many bytes.
_ALIGN = 64

Pixels = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture: `pixels` is (height, width, 4) bytes per pixel as RV32 is laid out in memory
    on a little-endian machine: blue, green, red, unused. `seq` counts published frames."""

    seq: int
    pixels: Pixels

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


class FrameSource(Protocol):
    """Where the video pane gets its pictures (libVLC's callbacks, or a fake in tests)."""

    def set_target(self, width: int, height: int) -> None:
        """The pane's size in pixels (columns, rows x 2): frames are made to fit it."""
        ...

    def set_enabled(self, enabled: bool) -> None:
        """Show (decode) the video or not; off, no video is decoded at all."""
        ...

    def latest(self, after: int) -> Frame | None:
        """The newest frame if its `seq` is above `after`, else None. Never waits."""
        ...

    def refit(self) -> None:
        """Render at the latest target size from now on, where that costs no glitch."""
        ...


def is_matroska(path: Path) -> bool:
    """Whether `path` starts like a Matroska/WebM file (EBML header)."""
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x1a\x45\xdf\xa3"
    except OSError:
        return False


def prepare_video(path: Path, frames: VlcFrameSource | None) -> str:
    """Read `path`'s video stream (PyAV) and set `frames` up for it; returns its codec name
    ("" if unknown), for the note when libVLC cannot decode it."""
    stream = video_stream_info(path)
    if frames is not None:
        frames.prepare(stream[1:] if stream else None, not is_matroska(path))
    return stream[0] if stream else ""


def missing_decoder_note(codec: str) -> str:
    """The note shown when libVLC has no decoder for the video: why there is no picture."""
    name = "".join(c for c in codec if c.isalnum() or c in "-_.")[:32] or "of this file"
    return f"no picture: no libVLC decoder for {name} video"


def fit(source: tuple[int, int], target: tuple[int, int]) -> tuple[int, int]:
    """The largest size within `target` with `source`'s aspect ratio (square pixels), ≥ 1×1."""
    sw, sh = source
    tw, th = target
    if sw <= 0 or sh <= 0:
        return max(1, tw), max(1, th)
    scale = min(tw / sw, th / sh)
    return max(1, round(sw * scale)), max(1, round(sh * scale))


class LatestFrame:
    """A single-slot frame store: `publish` overwrites, `latest` copies out; never a queue."""

    def __init__(self, max_fps: float = MAX_FPS, now: Callable[[], float] = time.monotonic):
        self._lock = threading.Lock()
        self._period = 1.0 / max_fps
        self._now = now
        self._due = 0.0
        self._slot: Pixels | None = None
        self._seq = 0
        self.offered = 0  # frames libVLC displayed (published or dropped)

    @property
    def seq(self) -> int:
        return self._seq

    def publish(self, address: int, width: int, height: int) -> bool:
        """Copy a (height, width) RV32 picture at `address` into the slot, unless it comes sooner
        than the frame rate allows (then it is dropped). Returns whether it was kept."""
        self.offered += 1
        now = self._now()
        # A quarter period of slack keeps a 15 fps video at 15 fps despite timing jitter.
        if now < self._due - self._period / 4:
            return False
        self._due = max(self._due + self._period, now - self._period)
        size = width * height * 4
        with self._lock:
            slot = self._slot
            if slot is None or slot.shape != (height, width, 4):
                slot = self._slot = np.empty((height, width, 4), dtype=np.uint8)
            ctypes.memmove(slot.ctypes.data, address, size)
            self._seq += 1
        return True

    def put(self, pixels: Pixels) -> None:
        """Publish a frame from an array (fake sources and tests)."""
        contiguous = np.ascontiguousarray(pixels, dtype=np.uint8)
        self._due = 0.0
        self.publish(contiguous.ctypes.data, contiguous.shape[1], contiguous.shape[0])

    def latest(self, after: int) -> Frame | None:
        if self._seq <= after:
            return None
        with self._lock:
            if self._slot is None:
                return None
            return Frame(self._seq, self._slot.copy())


# The callback types of libvlc_video_set_callbacks / libvlc_video_set_format_callbacks. The
# chroma is a `void *` (python-vlc declares `char *`, which ctypes hands over as a read-only copy).
_LockCb = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p))
_UnlockCb = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
)
_DisplayCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_UintP = ctypes.POINTER(ctypes.c_uint)
_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, _UintP, _UintP, _UintP, _UintP
)
_CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class VlcFrameSource:
    """The `FrameSource` over a libVLC media player's video callbacks."""

    def __init__(self, max_fps: float = MAX_FPS) -> None:
        self.frames = LatestFrame(max_fps)
        self._target = (160, 90)
        self._size = (0, 0)  # the size libVLC is rendering at (0, 0: no video output)
        self._buffer: Pixels | None = None
        self._address = 0
        self._player: Any = None
        self._enabled = True
        self._video_track: int | None = None
        self._source_size: tuple[int, int] | None = None
        #: Whether hiding may deselect the video track (no decoding at all while hidden). Not for
        #: Matroska: there libVLC 3 re-reads the file from its start on a track change (measured:
        #: 1.5 s of audio stalled hiding at 8:20, seeks 4.2 s instead of 0.5 s while deselected,
        #: and the video does not come back), so `on_decode_change` is called instead.
        self.can_deselect = True
        #: Called after hiding or showing when the track cannot be deselected: the
        #: backend opens the input again, decoding the video or not (VlcVideo.media_options).
        self.on_decode_change: Callable[[], None] | None = None
        # Keep the ctypes callbacks alive as long as libVLC may call them.
        self._callbacks = (
            _LockCb(self._lock),
            _UnlockCb(self._unlock),
            _DisplayCb(self._display),
            _FormatCb(self._format),
            _CleanupCb(self._cleanup),
        )

    # -- libVLC's threads: our memory only, never a libVLC call -------------------------

    def _format(
        self, opaque: Any, chroma: int | None, width: Any, height: Any, pitches: Any, lines: Any
    ) -> int:
        # libVLC passes the decoder's padded size; the stream's own is the true aspect.
        w, h = fit(self._source_size or (width[0], height[0]), self._target)
        pitch = w * 4
        raw = np.empty(pitch * h + _ALIGN, dtype=np.uint8)
        offset = (-raw.ctypes.data) % _ALIGN
        self._buffer = raw
        self._address = raw.ctypes.data + offset
        if chroma is None:
            return 0
        ctypes.memmove(chroma, b"RV32", 4)
        width[0], height[0] = w, h
        pitches[0], lines[0] = pitch, h
        self._size = (w, h)
        return 1

    def _cleanup(self, opaque: Any) -> None:
        self._size = (0, 0)

    def _lock(self, opaque: Any, planes: Any) -> int:
        planes[0] = self._address
        return 0

    def _unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        return None

    def _display(self, opaque: Any, picture: Any) -> None:
        w, h = self._size
        if self._enabled and w and self._address:
            self.frames.publish(self._address, w, h)

    # -- the player's thread --------------------------------------------------------------

    def attach(self, player: Any, dll: Any) -> None:
        """Route `player`'s video into this source (before its first `play`)."""
        lock, unlock, display, fmt, cleanup = self._callbacks
        set_callbacks = ctypes.CFUNCTYPE(
            None, ctypes.c_void_p, _LockCb, _UnlockCb, _DisplayCb, ctypes.c_void_p
        )(("libvlc_video_set_callbacks", dll))
        set_format = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _FormatCb, _CleanupCb)(
            ("libvlc_video_set_format_callbacks", dll)
        )
        handle = player._as_parameter_
        set_callbacks(handle, lock, unlock, display, None)
        set_format(handle, fmt, cleanup)
        self._player = player

    def prepare(self, source_size: tuple[int, int] | None, can_deselect: bool) -> None:
        """For the media about to play: its picture size (display aspect), if known, and whether
        hiding may deselect its video track."""
        self._source_size = source_size
        self.can_deselect = can_deselect
        self._video_track = None

    @property
    def enabled(self) -> bool:
        """Whether frames are wanted (the pane is shown)."""
        return self._enabled

    @property
    def rendering_size(self) -> tuple[int, int]:
        """The size libVLC renders at now ((0, 0) when no video is being shown)."""
        return self._size

    def set_target(self, width: int, height: int) -> None:
        self._target = (max(1, width), max(1, height))

    def refit(self) -> None:
        """Re-open the video output (off and on again) so it renders at the target size.

        Not for Matroska (`can_deselect` false): there the only way to a new output size is to
        open the input again, which interrupts the audio at every resize; the pane resamples
        the frames of the old size instead, so the picture keeps its aspect, at the old detail.
        """
        fitted = fit(self._size, self._target)
        if self.can_deselect and self._enabled and self._size not in ((0, 0), fitted):
            self._select(False)
            self._select(True)

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if self.can_deselect:
            self._select(enabled)
        elif self.on_decode_change is not None:
            self.on_decode_change()

    def _select(self, on: bool) -> None:
        """Select the video track (on) or none (off: libVLC stops decoding video)."""
        player = self._player
        if player is None:
            return
        if not on:
            current = player.video_get_track()
            if current is not None and current >= 0:
                self._video_track = current
            player.video_set_track(-1)
        else:
            track = self._video_track
            if track is None:
                ids = [int(i) for i, _ in player.video_get_track_description() or () if i >= 0]
                track = ids[0] if ids else None
            if track is not None:
                player.video_set_track(track)

    def on_playing(self) -> None:
        """Call when the player starts playing: a source disabled before then stops the video."""
        if not self._enabled and self.can_deselect:
            self._select(False)

    def latest(self, after: int) -> Frame | None:
        return self.frames.latest(after)
