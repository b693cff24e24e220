"""Where a recording is audible, per 10 ms frame: a check on word ends from the aligner."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FRAME_MS = 10
PER_MS = 16

Pcm = npt.NDArray[np.int16]


#: A word longer than this (ms) may have been stretched over the pause after it (pocketsphinx
#: does so now and then at a window's edge): its end is pulled back to its last audible frame.
LONG_WORD_MS = 1500
#: Kept after that last audible frame (ms).
TAIL_MS = 100


def clip_long_words(found: dict[int, list[tuple[int, int]] | None], pcm: Pcm) -> None:
    """End over-long words where their sound ends: peaks above 4x the recording's quiet level
    (its 10th percentile of 10 ms frame peaks), at least -54 dBFS."""
    frame = FRAME_MS * PER_MS
    usable = len(pcm) - len(pcm) % frame
    if not usable:
        return
    frames = pcm[:usable].reshape(-1, frame)  # reductions only: no copy of the whole recording
    peaks = np.maximum(frames.max(axis=1).astype(np.int32), -frames.min(axis=1).astype(np.int32))
    loud = peaks >= max(64.0, 4.0 * float(np.percentile(peaks, 10)))
    for times in (t for t in found.values() if t is not None):
        for k, (start, end) in enumerate(times):
            if end - start <= LONG_WORD_MS:
                continue
            heard = np.flatnonzero(loud[start // FRAME_MS : end // FRAME_MS])
            if len(heard):
                last = (start // FRAME_MS + int(heard[-1]) + 1) * FRAME_MS + TAIL_MS
                times[k] = (start, min(end, last))
