"""Segments with their own offsets: binary segmentation over cues (alass finds the same kind of
jumps by dynamic programming), each split kept only where it clearly improves the match."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from captions.sync.align import (
    COARSE,
    MIN_CONFIDENCE,
    PEAK_GUARD_MS,
    Scorer,
    peak_confidence,
)
from captions.sync.model import FRAME_MS
from captions.sync.signal import Cues, spans

#: A split leaves at least this many cues and this much caption time on each side.
MIN_SEGMENT_CUES = 8
MIN_SEGMENT_MS = 30_000
#: A split must gain this many frames of agreement (each 10 ms turned from wrong to right
#: counts 2) ...
SPLIT_GAIN_FRAMES = 1000
#: ... and move one side against the other by at least this much.
MIN_JUMP_MS = 300
#: Fine search around a segment's coarse lag (fine frames).
FINE_RADIUS = COARSE + 5

#: Cues scored at once (bounds memory when the lag range is wide).
_CHUNK_CUES = 64

Table = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Fit:
    """One speed and, per segment, its first cue (index into the sorted cues), its lag (fine
    frames), its score (frames of agreement) and how clearly its peak stands out."""

    speed: float
    firsts: tuple[int, ...]
    lags: tuple[int, ...]
    scores: tuple[int, ...]
    confidences: tuple[float, ...]

    @property
    def score(self) -> int:
        """Total agreement of the model."""
        return sum(self.scores)


def _best_split(
    table: Table, lo: int, hi: int, starts: npt.NDArray[np.float64]
) -> tuple[int, int, Table, Table] | None:
    """The cue index where two lags beat one the most: (index, gain, left row, right row),
    the rows being each side's score at every coarse lag."""
    js = np.arange(lo + MIN_SEGMENT_CUES, hi - MIN_SEGMENT_CUES + 1)
    if not len(js):
        return None
    ok = (
        (starts[js] > starts[js - 1])
        & (starts[js] - starts[lo] >= MIN_SEGMENT_MS)
        & (starts[hi - 1] - starts[js] >= MIN_SEGMENT_MS)
    )
    js = js[ok]
    if not len(js):
        return None
    left = table[js] - table[lo]
    right = table[hi] - table[js]
    gains = left.max(axis=1) + right.max(axis=1) - (table[hi] - table[lo]).max()
    best = int(np.argmax(gains))
    return int(js[best]), int(gains[best]), left[best], right[best]


def _worth_it(found: tuple[int, int, Table, Table], guard: int) -> bool:
    """A split must gain enough, jump far enough, and both sides must match clearly."""
    _, gain, left, right = found
    a, b = int(np.argmax(left)), int(np.argmax(right))
    return (
        gain >= SPLIT_GAIN_FRAMES
        and abs(a - b) * COARSE * FRAME_MS >= MIN_JUMP_MS
        and peak_confidence(left.astype(np.float64), a, guard) >= MIN_CONFIDENCE
        and peak_confidence(right.astype(np.float64), b, guard) >= MIN_CONFIDENCE
    )


def fit(cues: Cues, scorer: Scorer, speed: float, max_lag: int, split: bool) -> Fit:
    """Best lags for the cues at `speed`: one for all, or one per segment when `split`."""
    sp = spans(cues, speed)
    reach = -(-max_lag // COARSE)
    coarse_lags = np.arange(-reach, reach + 1, dtype=np.int64) * COARSE
    table = np.zeros((len(cues) + 1, len(coarse_lags)), dtype=np.int32)
    for lo in range(0, len(cues), _CHUNK_CUES):
        hi = min(len(cues), lo + _CHUNK_CUES)
        rows = scorer.cues(sp.part(lo, hi), coarse_lags).astype(np.int32)
        np.cumsum(rows, axis=0, out=table[lo + 1 : hi + 1])
        table[lo + 1 : hi + 1] += table[lo]
    guard = PEAK_GUARD_MS // (FRAME_MS * COARSE)
    bounds = [0, len(cues)]
    if split:
        pending = [(0, len(cues))]
        while pending:
            lo, hi = pending.pop()
            found = _best_split(table, lo, hi, cues.starts)
            if found is not None and _worth_it(found, guard):
                bounds.append(found[0])
                pending += [(lo, found[0]), (found[0], hi)]
        bounds.sort()
    lags: list[int] = []
    scores: list[int] = []
    confidences: list[float] = []
    for lo, hi in itertools.pairwise(bounds):
        row = (table[hi] - table[lo]).astype(np.float64)
        peak = int(np.argmax(row))
        fine = np.arange(-FINE_RADIUS, FINE_RADIUS + 1, dtype=np.int64) + coarse_lags[peak]
        fine = fine[np.abs(fine) <= max_lag]
        totals = scorer.cues(sp.part(lo, hi), fine).sum(axis=0)
        k = int(np.argmax(totals))
        lags.append(int(fine[k]))
        scores.append(int(totals[k]))
        confidences.append(peak_confidence(row, peak, guard))
    return Fit(speed, tuple(bounds[:-1]), tuple(lags), tuple(scores), tuple(confidences))
