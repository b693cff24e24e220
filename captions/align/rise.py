"""Cue starts moved to a sharp rise of speech-band energy near the aligned first word.

Measured on the Montreal Forced Aligner's recordings (tests/bench/bench_align.py, a human voice
over a noise floor), the cue starts more than 50 ms off were of two kinds: pocketsphinx put the
first word in the pause before the speech (a filler like "um" squeezed into 60 ms of noise, its
sound given to the next word; or a word begun on a breath or a click), or after the speech's
quiet first frames. In the reference, the speech-band energy (300-4000 Hz, 20 ms windows every
10 ms) sits near the floor before a cue start and rises 10-30 ms after it; onset.py's rule (a
pause 30 dB quieter than the word) never holds on these recordings.

So a cue's start moves to the closest clear rise out of a pause (the thresholds below), looked
for from `BACK_MS` before the aligned start to `FORWARD_MS` after it (within the first word);
when the whole first word lies at the floor, up to the second word's end (at most `SILENT_MS`).
It never moves into the previous cue's last word. With no clear rise the start stays: inside
continuous speech, or over a steady background, energy says nothing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

PER_MS = 16
FRAME_MS = 10
#: Each frame's window (ms) and the speech band (Hz).
WINDOW_MS = 20
BAND_HZ = (300.0, 4000.0)
#: The floor is the 10th percentile of the band energy over this much audio around the start.
FLOOR_SPAN_MS = 6000
#: Before a rise: 50 ms whose median (the base) is at most PAUSE_DB over the floor, with at
#: most one frame BURST_DB over the base. The rise: its first frame START_DB over the base, 3
#: of 4 frames LOUD_DB over it, and a peak JUMP_DB over it.
PAUSE_DB = 8.0
BURST_DB = 6.0
START_DB = 4.0
LOUD_DB = 5.0
JUMP_DB = 7.0
#: Quiet needed before a rise (ms).
QUIET_MS = 50
#: How far before and after the aligned start a rise is looked for (ms); after it, when the
#: first word lies in quiet, up to the second word's end but at most SILENT_MS.
BACK_MS = 200
FORWARD_MS = 100
SILENT_MS = 500
#: A start is reported this long before its rise frame (the frame's window reaches past it).
LEAD_MS = 10
#: Shortest word left after a start moves forward (ms).
MIN_WORD_MS = 30

Pcm = npt.NDArray[np.int16]
Times = list[tuple[int, int]]


def band_db(pcm: Pcm, lo_ms: int, hi_ms: int) -> npt.NDArray[np.float64]:
    """Speech-band energy (dB) of the 10 ms frames from `lo_ms` (a multiple of 10) to `hi_ms`."""
    step, width = FRAME_MS * PER_MS, WINDOW_MS * PER_MS
    count = max(0, (min(hi_ms, len(pcm) // PER_MS) - lo_ms) // FRAME_MS)
    audio = np.zeros(count * step + width, dtype=np.float64)
    piece = pcm[lo_ms * PER_MS : lo_ms * PER_MS + len(audio)]
    audio[: len(piece)] = piece
    frames = np.lib.stride_tricks.sliding_window_view(audio, width)[::step][:count]
    power = np.abs(np.fft.rfft(frames * np.hanning(width), axis=1)) ** 2
    freqs = np.fft.rfftfreq(width, 1 / (PER_MS * 1000))
    band = (freqs > BAND_HZ[0]) & (freqs < BAND_HZ[1])
    out: npt.NDArray[np.float64] = 10 * np.log10(np.maximum(power[:, band].mean(axis=1), 1e-3))
    return out


def _rises(level: npt.NDArray[np.float64]) -> list[int]:
    """Frames where a sharp rise out of a pause begins (`level`: dB over the floor)."""
    before = QUIET_MS // FRAME_MS
    out = []
    for k in range(before, len(level) - 3):
        quiet, ahead = level[k - before : k], level[k : k + 4]
        base = float(np.median(quiet))
        if base > PAUSE_DB or np.count_nonzero(quiet >= base + BURST_DB) > 1:
            continue
        if level[k] < base + START_DB or level[k - 1] >= base + START_DB:
            continue  # not loud, or not where the rise begins
        if np.count_nonzero(ahead >= base + LOUD_DB) < 3:
            continue
        if ahead.max() >= base + JUMP_DB:
            out.append(k)
    return out


def rise_start(pcm: Pcm, words: Times, earliest_ms: int) -> int | None:
    """The cue start at a clear rise near its first word (see the module doc), None if none;
    never before `earliest_ms`."""
    start, end = words[0]
    after = words[1][1] if len(words) > 1 else end
    lo = max(0, earliest_ms, start - BACK_MS) // FRAME_MS * FRAME_MS
    first = max(0, lo - QUIET_MS - FRAME_MS)  # frames read from here: the quiet before `lo`
    around = band_db(
        pcm, max(0, start - FLOOR_SPAN_MS // 2) // FRAME_MS * FRAME_MS, start + FLOOR_SPAN_MS // 2
    )
    level = band_db(pcm, first, max(after, end) + 4 * FRAME_MS)
    if not len(around) or not len(level):
        return None
    level -= float(np.percentile(around, 10))
    at = (start - first) // FRAME_MS
    silent = bool(np.all(level[at : max(at + 1, (end - first) // FRAME_MS)] < PAUSE_DB))
    last = min(max(end, after), start + SILENT_MS) if silent else min(end, start + FORWARD_MS)
    candidates = [k for k in _rises(level) if lo <= first + k * FRAME_MS <= last]
    if not candidates:
        return None
    best = min(candidates, key=lambda k: abs(first + k * FRAME_MS - start))
    return max(earliest_ms, first + best * FRAME_MS - LEAD_MS)


def snap_cue_starts(found: dict[int, Times | None], pcm: Pcm) -> None:
    """Each aligned cue's first word starts at a clear energy rise, never inside the previous
    cue's last word; the cue's later words keep their order after it."""
    for index in sorted(found):
        words = found[index]
        if not words:
            continue
        before = found.get(index - 1)
        start = rise_start(pcm, words, before[-1][1] if before else 0)
        if start is None:
            continue
        words[0] = (start, max(words[0][1], start + MIN_WORD_MS))
        for k in range(1, len(words)):
            begin, finish = words[k]
            begin = max(begin, words[k - 1][1])
            words[k] = (begin, max(finish, begin))
