"""Snap a cue's start to the nearest speech onset, or its end to the nearest offset.

Each returns one undoable `TimingEdit` (built with the pure ops of `captions.timing`, and like
every per-cue edit re-sorting the list and naming the cues it now overlaps), or None
when no onset or offset lies within the window or the cue already sits on it. A start never
snaps to or past its end, nor an end to or before its start: the cue keeps at least
`MIN_DURATION_MS`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from captions import timing as timing_ops
from captions.edits import TimingEdit
from captions.history import timing_edit
from captions.speech.envelope import Envelope
from captions.timecode import format_time
from captions.track import Timing

#: How far (ms) from the cue's current time an onset or offset may be.
DEFAULT_WINDOW_MS = 1_000
#: A snapped cue is at least this long.
MIN_DURATION_MS = 100


def nearest(times_ms: Sequence[int], ms: int, window_ms: int, lo: int, hi: int) -> int | None:
    """The element of sorted `times_ms` nearest to `ms`, within `window_ms` of it and inside
    [lo, hi]; ties go to the earlier one. None when there is none."""
    lo, hi = max(lo, ms - window_ms), min(hi, ms + window_ms)
    if lo > hi:
        return None
    i = bisect_left(times_ms, lo)
    best: int | None = None
    while i < len(times_ms) and times_ms[i] <= hi:
        value = int(times_ms[i])
        if best is None or abs(value - ms) < abs(best - ms):
            best = value
        elif value > ms:
            break
        i += 1
    return best


def snap_start(
    timing: Timing, index: int, envelope: Envelope, *, window_ms: int = DEFAULT_WINDOW_MS
) -> TimingEdit | None:
    """Cue `index` starts at the speech onset nearest its start (within `window_ms`)."""
    start, end = timing.starts[index], timing.ends[index]
    onsets = envelope.onsets_ms.tolist()
    target = nearest(onsets, start, window_ms, 0, end - MIN_DURATION_MS)
    if target is None or target == start:
        return None
    result = timing_ops.set_start(timing, index, target)
    label = f"Cue {{n}} start snapped to speech at {format_time(target)}"
    return timing_edit(label, timing, result, focus=index, sparse=True)


def snap_end(
    timing: Timing, index: int, envelope: Envelope, *, window_ms: int = DEFAULT_WINDOW_MS
) -> TimingEdit | None:
    """Cue `index` ends at the speech offset nearest its end (within `window_ms`)."""
    start, end = timing.starts[index], timing.ends[index]
    offsets = envelope.offsets_ms.tolist()
    target = nearest(offsets, end, window_ms, start + MIN_DURATION_MS, envelope.duration_ms)
    if target is None or target == end:
        return None
    result = timing_ops.set_end(timing, index, target)
    label = f"Cue {{n}} end snapped to speech at {format_time(target)}"
    return timing_edit(label, timing, result, focus=index, sparse=True)
