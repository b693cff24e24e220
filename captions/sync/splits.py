"""Segments with their own offsets: binary segmentation over cues (alass finds the same kind of
jumps by dynamic programming), each cut kept only where it pays for itself.

Memory is bounded: the table of prefix scores holds at most `TABLE_CELLS` cells (rows are
groups of cues when there are many), and cues are scored in chunks of at most `CHUNK_CELLS`.
"""

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

#: A cut leaves at least this many cues and this much caption time on each side.
MIN_SEGMENT_CUES = 8
MIN_SEGMENT_MS = 30_000
#: What a cut costs in the penalised fit: it must gain this many frames of agreement (each
#: 10 ms turned from wrong to right counts 2) ...
CUT_COST_FRAMES = 1000
#: ... and move one side against the other by at least this much.
MIN_JUMP_MS = 300
#: Fine search around a segment's coarse lag (fine frames).
FINE_RADIUS = COARSE + 5
#: Cells (rows x lags, int32) of the prefix-score table: 24M cells are 96 MB.
TABLE_CELLS = 24_000_000
#: Cells (cues x lags) scored at once: each chunk needs about 8 int64 arrays of this size.
CHUNK_CELLS = 1_000_000

Table = npt.NDArray[np.int32]
Ints = npt.NDArray[np.int64]


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

    @property
    def cuts(self) -> int:
        """Number of cuts (segments after the first)."""
        return len(self.firsts) - 1


def _best_split(
    table: Table, edges: Ints, lo: int, hi: int, starts: npt.NDArray[np.float64]
) -> tuple[int, int, Table, Table] | None:
    """The table row (a cue boundary `edges[row]`) where two lags beat one the most:
    (row, gain, left row, right row), the rows being each side's score at every coarse lag.
    Rows are compared a chunk at a time, so no copy of the table is made."""
    rows = np.arange(lo + 1, hi)
    if not len(rows):
        return None
    js = edges[rows]
    first, last = edges[lo], edges[hi]
    ok = (
        (js - first >= MIN_SEGMENT_CUES)
        & (last - js >= MIN_SEGMENT_CUES)
        & (starts[js] > starts[js - 1])
        & (starts[js] - starts[first] >= MIN_SEGMENT_MS)
        & (starts[last - 1] - starts[js] >= MIN_SEGMENT_MS)
    )
    rows = rows[ok]
    if not len(rows):
        return None
    step = max(1, CHUNK_CELLS // table.shape[1])
    gains = np.empty(len(rows), dtype=np.int64)
    for a in range(0, len(rows), step):
        part = rows[a : a + step]
        left = (table[part] - table[lo]).max(axis=1)
        right = (table[hi] - table[part]).max(axis=1)
        gains[a : a + step] = left.astype(np.int64) + right
    gains -= int((table[hi] - table[lo]).max())
    best = int(np.argmax(gains))
    row = int(rows[best])
    return row, int(gains[best]), table[row] - table[lo], table[hi] - table[row]


def _worth_it(found: tuple[int, int, Table, Table], guard: int) -> bool:
    """A cut must pay its cost, jump far enough, and both sides must match clearly."""
    _, gain, left, right = found
    a, b = int(np.argmax(left)), int(np.argmax(right))
    return (
        gain >= CUT_COST_FRAMES
        and abs(a - b) * COARSE * FRAME_MS >= MIN_JUMP_MS
        and peak_confidence(left.astype(np.float64), a, guard) >= MIN_CONFIDENCE
        and peak_confidence(right.astype(np.float64), b, guard) >= MIN_CONFIDENCE
    )


def score_cues(scorer: Scorer, cues: Cues, speed: float, lo: int, hi: int, lags: Ints) -> Ints:
    """Summed score of cues lo..hi-1 at each lag, in chunks of bounded size."""
    sp = spans(cues, speed)
    step = max(1, CHUNK_CELLS // max(1, len(lags)))
    total = np.zeros(len(lags), dtype=np.int64)
    for a in range(lo, hi, step):
        total += scorer.cues(sp.part(a, min(hi, a + step)), lags).sum(axis=0)
    return total


def _table(cues: Cues, scorer: Scorer, speed: float, coarse_lags: Ints) -> tuple[Table, Ints]:
    """Prefix scores at every coarse lag, one row per group boundary; and the boundaries."""
    n = len(cues)
    group = max(1, -(-(n + 1) * len(coarse_lags) // TABLE_CELLS))
    edges = np.append(np.arange(0, n, group, dtype=np.int64), n)
    table = np.zeros((len(edges), len(coarse_lags)), dtype=np.int32)
    sp = spans(cues, speed)
    step = max(group, CHUNK_CELLS // max(1, len(coarse_lags)) // group * group)
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        rows = scorer.cues(sp.part(lo, hi), coarse_lags).astype(np.int32)
        sums = np.add.reduceat(rows, np.arange(0, hi - lo, group), axis=0)
        k = lo // group
        np.cumsum(sums, axis=0, out=table[k + 1 : k + 1 + len(sums)])
        table[k + 1 : k + 1 + len(sums)] += table[k]
    return table, edges


def fit(cues: Cues, scorer: Scorer, speed: float, max_lag: int, split: bool) -> Fit:
    """Best lags for the cues at `speed`: one for all, or one per segment when `split`."""
    reach = -(-max_lag // COARSE)
    coarse_lags = np.arange(-reach, reach + 1, dtype=np.int64) * COARSE
    table, edges = _table(cues, scorer, speed, coarse_lags)
    guard = PEAK_GUARD_MS // (FRAME_MS * COARSE)
    bounds = [0, len(edges) - 1]
    if split:
        pending = [(0, len(edges) - 1)]
        while pending:
            lo, hi = pending.pop()
            found = _best_split(table, edges, lo, hi, cues.starts)
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
        totals = score_cues(scorer, cues, speed, int(edges[lo]), int(edges[hi]), fine)
        k = int(np.argmax(totals))
        lags.append(int(fine[k]))
        scores.append(int(totals[k]))
        confidences.append(peak_confidence(row, peak, guard))
    firsts = tuple(int(edges[b]) for b in bounds[:-1])
    return Fit(speed, firsts, tuple(lags), tuple(scores), tuple(confidences))
