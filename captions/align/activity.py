"""Alignment by speech activity alone, for languages pocketsphinx has no model for: each cue
starts at the first speech in a window around its start and ends where its speech stops."""

from __future__ import annotations

import numpy as np

from captions.align.engine import AlignResult, Pcm
from captions.sync.audio import detect_speech
from captions.sync.vad import make_detector
from captions.track import Timing

FRAME_MS = 10
#: Speech this close before the next cue's start is taken to be the next cue's.
NEXT_MARGIN_MS = 100


def speech_flags(pcm: Pcm) -> np.ndarray:
    """Voice activity per 10 ms frame of `pcm`."""
    detector = make_detector(2)
    detect_speech(iter([pcm]), detector)
    return detector.finish()


def activity_align(timing: Timing, pcm: Pcm, pad_ms: int = 500) -> AlignResult:
    """Snap each cue's start to the first speech within `pad_ms` of it and its end to the last
    speech before the next cue's (current) start; cues with no speech near them are unaligned."""
    flags = speech_flags(pcm)
    frames = len(flags)
    starts, ends = list(timing.starts), list(timing.ends)
    unaligned, shifts = [], []
    for i, (start, end) in enumerate(zip(timing.starts, timing.ends, strict=True)):
        # The next cue's speech (and the detector's smear before it) is not this cue's.
        limit = timing.starts[i + 1] - NEXT_MARGIN_MS if i + 1 < len(timing) else end + pad_ms
        lo = max(0, (start - pad_ms) // FRAME_MS)
        hi = min(frames, max(lo, min(end + pad_ms, limit) // FRAME_MS))
        speech = np.flatnonzero(flags[lo:hi])
        onset = (
            speech[speech * FRAME_MS + lo * FRAME_MS <= start + pad_ms] if len(speech) else speech
        )
        if not len(onset):
            unaligned.append(i)
            continue
        starts[i] = int(lo + onset[0]) * FRAME_MS
        ends[i] = int(lo + speech[-1] + 1) * FRAME_MS
        shifts.append(abs(starts[i] - start))
    return AlignResult(
        timing=Timing(tuple(starts), tuple(ends)),
        word_times={},
        unaligned=unaligned,
        method="speech activity",
        start_shifts_ms=shifts,
    )
