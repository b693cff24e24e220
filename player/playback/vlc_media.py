"""Opening media with libVLC: parsed and checked before it plays (libVLC "plays" random bytes
silently, see VLC-NOTES.md), or opened again with options.

`vlc_backend` owns libVLC and passes its module and instance in; this module imports no `vlc`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from player.playback.backend import MediaError


@dataclass(frozen=True, slots=True)
class ParsedMedia:
    """A libVLC media that parsed, with an audio track and a duration."""

    media: Any
    duration_ms: int
    has_video: bool
    title: str


def parse_media(vlc: Any, instance: Any, path: Path, timeout_ms: int) -> ParsedMedia:
    """Open and parse `path`; raises `MediaError` unless it parsed with an audio track and a
    duration (the media is released then)."""
    media = instance.media_new_path(str(path))
    if media is None:
        raise MediaError(f"{path}: cannot be opened as media")
    media.parse_with_options(vlc.MediaParseFlag.local, timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000 + 0.5
    status = media.get_parsed_status()
    while not status and time.monotonic() < deadline:
        time.sleep(0.005)
        status = media.get_parsed_status()
    if status != vlc.MediaParsedStatus.done:
        what = "timed out" if status == vlc.MediaParsedStatus.timeout else "failed"
        media.release()
        raise MediaError(f"{path} could not be read as media (parsing {what})")
    duration = media.get_duration()
    tracks = media.tracks_get()
    types = {track.type for track in tracks} if tracks is not None else set()
    if vlc.TrackType.audio not in types or duration <= 0:
        media.release()
        raise MediaError(f"{path} is not playable media (no audio track found)")
    title = media.get_meta(vlc.Meta.Title) or path.stem
    return ParsedMedia(media, int(duration), vlc.TrackType.video in types, str(title))


def with_options(media: Any, options: tuple[str, ...]) -> Any:
    """`media` with libVLC input `options` added (read when it next starts playing)."""
    for option in options:
        media.add_option(option)
    return media
