"""Word starts moved to the sound's onset where a quiet pause comes before the word.

pocketsphinx's frames are 10 ms apart and 25.6 ms long, and a word starts on the first frame
whose window holds its sound: up to a window before the first audible sample. Measured
(tests/bench/bench_align.py): on the bundled talk, whose truth is the first sample above
-40 dBFS, raw starts are a median 28 ms early (85 % of cues early); against the Montreal Forced
Aligner's TextGrids of a human voice (frame times of the same convention) they are on time
(median +2 ms). No fixed shift fits both, so none is applied: where the 150 ms before a word are
quiet (`QUIET_DB` below the word) its start moves to the first sample above -40 dBFS (and well
above that quiet), if that is at most `LATER_MS` after the frame time; elsewhere (a noisy
recording, a word inside speech) the frame time stays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

PER_MS = 16
#: Audible: above -40 dBFS (1 % of full scale), the bundled talk's definition of an onset.
AUDIBLE = 327
#: The quiet before a word must be this far (dB) below the word's loudest sample.
QUIET_DB = 30.0
#: The quiet is measured over [start - BEFORE_MS, start - EARLIER_MS).
BEFORE_MS = 150
#: The onset is looked for in [start - EARLIER_MS, start + LATER_MS].
EARLIER_MS = 10
LATER_MS = 80
#: The word's loudness is its loudest sample in its first WORD_MS.
WORD_MS = 200

Pcm = npt.NDArray[np.int16]


def onset_ms(pcm: Pcm, start_ms: int, end_ms: int) -> int:
    """The word's start: its first audible sample when a quiet pause comes before it."""
    lo = start_ms - BEFORE_MS
    if lo < 0 or end_ms <= start_ms:
        return start_ms
    quiet = np.abs(pcm[lo * PER_MS : (start_ms - EARLIER_MS) * PER_MS].astype(np.int32))
    word = np.abs(
        pcm[start_ms * PER_MS : min(end_ms, start_ms + WORD_MS) * PER_MS].astype(np.int32)
    )
    if not len(quiet) or not len(word):
        return start_ms
    floor = float(np.percentile(quiet, 99))
    peak = float(word.max())
    if peak < max(AUDIBLE, floor * 10 ** (QUIET_DB / 20)):
        return start_ms
    first = start_ms - EARLIER_MS
    last = min(end_ms, start_ms + LATER_MS)
    heard = np.flatnonzero(
        np.abs(pcm[first * PER_MS : last * PER_MS].astype(np.int32)) > max(AUDIBLE, 4 * floor)
    )
    return first + int(heard[0]) // PER_MS if len(heard) else start_ms


def snap_onsets(found: dict[int, list[tuple[int, int]] | None], pcm: Pcm) -> None:
    """Every aligned word's start at its onset where one is clear (see the module doc)."""
    for times in (t for t in found.values() if t is not None):
        for k, (start, end) in enumerate(times):
            times[k] = (onset_ms(pcm, start, end), end)
