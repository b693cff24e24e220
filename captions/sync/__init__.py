"""Auto-sync: align captions to the speech in a recording.

`decode_speech(media, progress)` decodes the audio (PyAV) and detects speech per 10 ms
(webrtcvad, or an energy detector); `sync(track, speech, options)` proposes a retiming (offset,
speed, splits) with a confidence for each part, or raises SyncError. Nothing is written here:
the caller shows the proposal and applies `result.timing` with `Track.apply_timing`.

Names load lazily, so `captions` commands that do not sync never import numpy or PyAV.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from captions.sync.audio import decode_speech
    from captions.sync.engine import apply_segments, sync
    from captions.sync.model import (
        SpeechSignal,
        SyncError,
        SyncOptions,
        SyncResult,
        SyncSegment,
    )

_HOMES = {
    "decode_speech": "captions.sync.audio",
    "apply_segments": "captions.sync.engine",
    "sync": "captions.sync.engine",
    "SpeechSignal": "captions.sync.model",
    "SyncError": "captions.sync.model",
    "SyncOptions": "captions.sync.model",
    "SyncResult": "captions.sync.model",
    "SyncSegment": "captions.sync.model",
}

__all__ = [
    "SpeechSignal",
    "SyncError",
    "SyncOptions",
    "SyncResult",
    "SyncSegment",
    "apply_segments",
    "decode_speech",
    "sync",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'captions.sync' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
