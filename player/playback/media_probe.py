"""Media checks that need no playback library: is it a readable, non-empty file, and what
fixed offset does libvlc's clock have for its codec.

Measured (tests/bench notes in the report, libvlc 3.0.24): for Ogg Opus, libvlc's reported time
runs 73.5-74 ms behind the audio it outputs, at every position and after seeks, with 1 s and
200 ms Ogg pages, with its own opus decoder and with avcodec alike; its reported length is short
by the same amount (29.927 s for a 30.000 s file). That is the Opus 80 ms pre-roll minus the
stream's pre-skip (312 samples = 6.5 ms). We add it back so captions meet the speech.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from captions.paths import path_kind
from player.playback.backend import MediaError

#: The Ogg Opus pre-roll libvlc takes off its clock, in ms.
_OPUS_PREROLL_MS = 80.0


def check_file(path: Path) -> None:
    """Raise `MediaError` (one line) unless `path` is a readable, non-empty regular file."""
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise MediaError(f"{name}: no such file") from None
    except OSError as exc:
        raise MediaError(f"{name}: cannot open ({exc.strerror or exc})") from None
    if path.is_dir():
        raise MediaError(f"{name} is a directory, not a media file")
    if not path.is_file():
        kind = path_kind(path)
        raise MediaError(
            f"{name} is {kind}, not media to play" if kind else f"{name} is not a regular file"
        )
    if st.st_size == 0:
        raise MediaError(f"{name} is empty (0 bytes), not playable media")
    if not os.access(path, os.R_OK):
        raise MediaError(f"{name}: permission denied")


def opus_pre_skip(head: bytes) -> int | None:
    """The pre-skip (48 kHz samples) of an Ogg Opus stream starting with `head`, else None."""
    if len(head) < 28 or head[:4] != b"OggS":
        return None
    start = 27 + head[26]
    packet = head[start : start + 19]
    if len(packet) < 12 or packet[:8] != b"OpusHead":
        return None
    (pre_skip,) = struct.unpack_from("<H", packet, 10)
    return int(pre_skip)


def codec_offset_ms(path: Path) -> float:
    """Milliseconds to add to libvlc's reported time to get the time of the audio heard."""
    try:
        with path.open("rb") as f:
            head = f.read(512)
    except OSError:
        return 0.0
    pre_skip = opus_pre_skip(head)
    if pre_skip is None:
        return 0.0
    return _OPUS_PREROLL_MS - pre_skip / 48.0


def video_stream_info(path: Path) -> tuple[str, int, int] | None:
    """The first video stream's codec name and display size (sample aspect applied), read with
    PyAV; None when there is none or the file cannot be read. libVLC's video callbacks are given
    the decoder's padded buffer size (480×290 for a 480×270 H.264), not the picture's."""
    import av  # imported here: a second of start-up the audio-only path does not need

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            width, height = stream.codec_context.width, stream.codec_context.height
            sar = stream.sample_aspect_ratio
            if sar and sar > 0:
                width = round(width * sar)
            return stream.codec_context.name, int(width), int(height)
    except (OSError, ValueError, av.FFmpegError):
        return None
