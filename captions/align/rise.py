"""Cue starts moved to a sharp rise of speech-band energy near the aligned first word.

Measured on the Montreal Forced Aligner's recordings (tests/bench/bench_align.py, a human voice
over a noise floor): where a cue start was more than 50 ms off, pocketsphinx had put the first
word in the pause before the speech (a short filler word like "um" squeezed into noise, its
sound given to the next word) or after its start (the word's quiet beginning given to a pause,
or the previous cue's last word stretched over a cough). In the reference the speech-band
energy (300-7000 Hz, 20 ms frames every 10 ms) sits at the floor before a start and rises
10-30 ms after it. So a cue's start moves to a rise where one is clear: at least `QUIET_MS` of
frames near the local floor (one louder frame allowed: a click, a breath), then 3 of 4 frames
`LOUD_DB` above it, peaking `JUMP_DB` above the quiet. The rise is looked for from `BACK_MS`
before the aligned start to the first word's end; when the first word lies in quiet (no sound
at all), up to the second word's end. The closest rise wins; none found, the start stays.
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
    count = max(0, (hi_ms - lo_ms) // FRAME_MS)
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
        if level[k] < base + START_DB or np.count_nonzero(ahead >= base + LOUD_DB) < 3:
            continue
        if ahead.max() >= base + JUMP_DB:
            out.append(k)
    return out


def rise_start(pcm: Pcm, words: Times, earliest_ms: int) -> int | None:
    """The cue start at a clear rise near its first word (see the module doc), None if none;
    never before `earliest_ms`."""
    start, end = words[0]
    lo = max(0, earliest_ms, start - BACK_MS) // FRAME_MS * FRAME_MS
    first = max(0, lo - QUIET_MS - FRAME_MS)
    span_lo = max(0, start - FLOOR_SPAN_MS // 2) // FRAME_MS * FRAME_MS
    floor_db = band_db(pcm, span_lo, start + FLOOR_SPAN_MS // 2)
    if not len(floor_db):
        return None
    floor = float(np.percentile(floor_db, 10))
    level = band_db(pcm, first, max(words[1][1] if len(words) > 1 else end, end) + 40) - floor
    at = (start - first) // FRAME_MS
    silent = bool(np.all(level[at : max(at + 1, (end - first) // FRAME_MS)] < PAUSE_DB))
    reach = min(max(end, words[1][1]), start + SILENT_MS) if silent and len(words) > 1 else end
    last = min(reach, start + max(FORWARD_MS, SILENT_MS if silent else 0)) - first
    candidates = [
        k for k in _rises(level) if lo - first <= k * FRAME_MS <= last and k * FRAME_MS > 0
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda k: abs(first + k * FRAME_MS - start))
    return max(earliest_ms, first + best * FRAME_MS - LEAD_MS)


def snap_cue_starts(found: dict[int, Times | None], pcm: Pcm) -> None:
    """Each aligned cue's first word starts at a clear energy rise (the later words keep their
    order). A cue never starts inside its predecessor's last word, unless that word starts in
    quiet (then it was stretched over a pause: the cue may start after that word's start)."""
    for index in sorted(found):
        words = found[index]
        if not words:
            continue
        before = found.get(index - 1)
        earliest = 0
        if before:
            earliest = before[-1][1]
        start = rise_start(pcm, words, earliest)
        if start is None:
            continue
        words[0] = (start, max(words[0][1], start + MIN_WORD_MS))
        for k in range(1, len(words)):
            begin, finish = words[k]
            begin = max(begin, words[k - 1][1])
            words[k] = (begin, max(finish, begin))
