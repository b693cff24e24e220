"""Re-anchoring on cue centres: when a file's cue ends follow the speech as its starts do, the
fit is moved so that each cue's speech sits in the middle of the cue.

A file's starts lead the energy rise by a convention of its own (forced aligners' 25 ms
windows put word starts 20-40 ms before it; the synthetic talk's starts are the first audible
sample), so a start and an onset alone cannot tell that convention from an offset. Its ends
lag the energy fall by about as much: a threshold on the energy moves both edges of the speech
inwards alike, so the centre does not depend on the threshold. Measured on the recorded voices
of tests/voices.py at their reference times: the speech-band energy 10 dB over the local floor
rises 25-45 ms after the starts and falls 5-50 ms before the ends, and the centre found from
the fitted times leaves the starts a median 4-11 ms from the reference (the rise alone: 22-33
ms late). On the talk, whose cues end where the next begins, moving the cues earlier loses no
speech: no centre is found and the onsets decide (captions.sync.refine).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from captions.sync.onset import Energies

#: The shifts looked at: within this of the fitted times (ms).
REACH_MS = 120
#: The speech kept inside the cues peaks at the best shift; the centre is the middle of the
#: shifts within PEAK_SHARE of the fall from that peak to the lower end of the reach ...
PEAK_SHARE = 0.1
#: ... and there is a centre only when, on both sides, the speech kept falls by at least
#: this share of the most it could (every cue losing speech for every ms of shift). Measured:
#: the recorded voices 0.09-0.60, the talk (cues end where the next begins) 0.00.
MIN_FALL = 0.05
#: A ms is speech when its energy (smoothed over SMOOTH_MS, centred) is LEVEL_DB over the floor:
#: the 10th percentile of the FLOOR_MS blocks around it (ms under SILENT_DB, digital silence,
#: left out).
SMOOTH_MS = 5
LEVEL_DB = 10.0
FLOOR_MS = 1000
FLOOR_SHARE = 10.0
SILENT_DB = 5.0
#: Fewer cues than this with both edges in the media give no centre.
MIN_CUES = 3

Ints = npt.NDArray[np.int64]


def _db(energy: Energies) -> npt.NDArray[np.float64]:
    """The energy (stored as half dB) in dB, smoothed over SMOOTH_MS centred on each ms."""
    power = 10.0 ** (energy / 20.0)
    smooth = np.convolve(power, np.ones(SMOOTH_MS) / SMOOTH_MS, mode="same")
    db: npt.NDArray[np.float64] = 10.0 * np.log10(smooth + 1.0)
    return db


def speech_ms(energy: Energies) -> npt.NDArray[np.bool_]:
    """Per ms: whether the energy stands LEVEL_DB over its local floor."""
    db = _db(energy)
    blocks = -(-len(db) // FLOOR_MS)
    rows = np.full(blocks * FLOOR_MS, np.inf)
    rows[: len(db)] = np.where(db < SILENT_DB, np.inf, db)
    rows = np.sort(rows.reshape(blocks, FLOOR_MS), axis=1)
    heard = np.count_nonzero(np.isfinite(rows), axis=1)
    rank = np.maximum(0, (heard - 1) * FLOOR_SHARE // 100).astype(np.int64)
    floors = np.where(heard > FLOOR_MS // 10, rows[np.arange(blocks), rank], np.inf)
    # Each block's floor is the lowest of it and its neighbours': speech that fills a block
    # does not raise its floor.
    padded = np.concatenate(([np.inf], floors, [np.inf]))  # no neighbour past either end
    near = np.minimum.reduce([padded[:-2], padded[1:-1], padded[2:]])
    near = np.where(np.isinf(near), 0.0, near)
    return db >= np.repeat(near, FLOOR_MS)[: len(db)] + LEVEL_DB


def centre_shift(starts: Ints, ends: Ints, energy: Energies) -> int | None:
    """The shift (ms) that puts the speech in the middle of the cues [starts, ends), or None
    when the cues' ends do not bound the speech (moving the cues later or earlier by up to
    REACH_MS does not lose speech from them on both sides)."""
    inside = (starts - REACH_MS >= 0) & (ends + REACH_MS < len(energy)) & (ends > starts)
    count = int(np.count_nonzero(inside))
    if count < MIN_CUES:
        return None
    heard = np.concatenate(([0], np.cumsum(speech_ms(energy), dtype=np.int64)))
    shifts = np.arange(-REACH_MS, REACH_MS + 1, dtype=np.int64)
    lo = starts[inside][None, :] + shifts[:, None]
    hi = ends[inside][None, :] + shifts[:, None]
    kept = (heard[hi] - heard[lo]).sum(axis=1)
    best = int(np.argmax(kept))
    last = len(kept) - 1
    if min(best, last - best) == 0:
        return None
    left_fall = (kept[best] - kept[0]) / (count * best)
    right_fall = (kept[best] - kept[last]) / (count * (last - best))
    if min(left_fall, right_fall) < MIN_FALL:
        return None
    level = kept[best] - PEAK_SHARE * (kept[best] - min(kept[0], kept[last]))
    left = best
    while left > 0 and kept[left - 1] >= level:
        left -= 1
    right = best
    while right < last and kept[right + 1] >= level:
        right += 1
    return round(float(shifts[left] + shifts[right]) / 2)
