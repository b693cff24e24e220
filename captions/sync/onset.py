"""Speech onsets to the millisecond: a band-limited energy at a 1 ms hop, and where it rises.

The voice-activity detector decides per 10 ms frame, so its onsets are frame starts: on the
synthetic talk a median 8 ms before the known speech starts. `BandEnergy` keeps, while the
audio is decoded, the energy of each 1 ms of `x[n] - x[n-2]`: a filter with zeros at 0 Hz and
8 kHz, which takes hum and rumble (the low-frequency noise floor of room recordings) down by
19 dB at 300 Hz and 28 dB at 100 Hz against the speech band. `refine_onset` looks, around each
detector onset, for where that energy rises sharply out of the floor just before it.

Measured: on the talk the placed onsets sit a median 0 ms from the known starts (p95 3 ms).
On the recorded voices of tests/voices.py the energy (in this band, in 80-1000 Hz and in
2-8 kHz alike) rises at the detector's frame start or a few ms after it, 20-30 ms after the
forced aligners' word starts: there is no earlier rise to find.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from captions.sync.vad import RATE, Pcm

#: Samples per 1 ms hop.
HOP = RATE // 1000
#: Energies are summed over this many trailing hops (ms) before they are compared ...
SMOOTH_MS = 3
#: ... and a rise holds through dips shorter than this (ms): the gaps between the pitch
#: pulses of a low voice (100 Hz: 10 ms apart).
HOLD_MS = 12
#: The floor is the median energy this far before the detector onset (ms): [-200, -100) ...
FLOOR_FROM_MS = 200
FLOOR_TO_MS = 100
#: ... the onset is where the energy last rises through a level before it reaches the level
#: and floor + CLEAR_DB (a rise that never gets that high is not clear). The level is
#: RISE_DB over the floor, or DROP_DB (1 % of the power) under the peak that follows when
#: that is higher: over digital silence the talk has a faint lead-in 10-15 ms before its
#: known starts (codec pre-echo or the synthesizer's attack) ...
RISE_DB = 6.0
DROP_DB = 20.0
CLEAR_DB = 20.0
#: ... looked for within this of the detector onset (ms).
SEARCH_MS = 40

#: Kept as a byte per ms: `v` means `v / 2` dB (half-dB steps up to 127.5 dB; the loudest
#: int16 ms is 108 dB), 60 kB per minute of media.
Energies = npt.NDArray[np.uint8]


class BandEnergy:
    """Collects the band-limited energy of each 1 ms of PCM fed in blocks of any length."""

    def __init__(self) -> None:
        self._history = np.zeros(2, dtype=np.int32)
        self._pending = np.zeros(0, dtype=np.int32)
        self._parts: list[Energies] = []

    def feed(self, pcm: Pcm) -> None:
        """Add the next block of 16 kHz mono PCM."""
        buf = np.concatenate((self._history, self._pending, pcm.astype(np.int32)))
        hops = (len(buf) - 2) // HOP
        if hops <= 0:
            self._pending = buf[2:]
            return
        used = hops * HOP
        diff = (buf[2 : 2 + used] - buf[:used]).astype(np.float32)
        power = np.einsum("ij,ij->i", *(diff.reshape(hops, HOP),) * 2)
        half_db = np.round(20.0 * np.log10(power + 1.0))
        self._parts.append(np.clip(half_db, 0, 255).astype(np.uint8))
        self._history = buf[used : used + 2]
        self._pending = buf[used + 2 :]

    def finish(self) -> Energies:
        """The energy per ms so far (a trailing partial ms is left out)."""
        if not self._parts:
            return np.zeros(0, dtype=np.uint8)
        return np.concatenate(self._parts)


def _smoothed_db(energy: Energies, lo: int, hi: int) -> npt.NDArray[np.float64]:
    """dB of the trailing SMOOTH_MS sum of `energy`, for ms lo..hi-1."""
    start = max(0, lo - SMOOTH_MS + 1)
    part = 10.0 ** (energy[start:hi] / 20.0)
    sums = np.convolve(part, np.ones(SMOOTH_MS), mode="full")[: len(part)]
    db: npt.NDArray[np.float64] = 10.0 * np.log10(sums[lo - start :] + 1.0)
    return db


def refine_onset(energy: Energies, vad_ms: int, drop_db: float = DROP_DB) -> int | None:
    """The ms where speech starts near the detector onset `vad_ms`, or None when unclear.

    The floor is the median smoothed energy over [vad_ms - 200, vad_ms - 100), the peak its
    highest over the SEARCH_MS after `vad_ms`, the level the higher of floor + RISE_DB and
    peak - `drop_db`. The rise is clear when the energy reaches the level and floor +
    CLEAR_DB within SEARCH_MS of `vad_ms`; the onset is the first ms at the level after
    HOLD_MS below it, before that, and no earlier than vad_ms - SEARCH_MS.
    """
    lo = vad_ms - FLOOR_FROM_MS
    hi = vad_ms + SEARCH_MS + 1
    if lo < 0 or hi > len(energy):
        return None
    db = _smoothed_db(energy, lo, hi)
    floor = float(np.median(db[: FLOOR_FROM_MS - FLOOR_TO_MS]))
    search = db[FLOOR_FROM_MS - SEARCH_MS :]
    peak = float(search[SEARCH_MS:].max())
    level = max(floor + RISE_DB, peak - drop_db)
    loud = np.flatnonzero(search >= max(level, floor + CLEAR_DB))
    if not len(loud):
        return None
    held = np.lib.stride_tricks.sliding_window_view(
        np.concatenate((np.full(HOLD_MS - 1, -np.inf), search)), HOLD_MS
    ).max(axis=1)
    quiet = np.flatnonzero(held[: loud[0]] < level)
    if not len(quiet):
        return None
    return vad_ms - SEARCH_MS + int(quiet[-1]) + 1


def refine_onsets(
    energy: Energies | None, onsets: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each detector onset refined where its rise is clear, else kept; and which were clear
    (all of them when there is no energy to look at: the detector's word is all there is)."""
    if energy is None:
        return onsets, np.ones(len(onsets), dtype=np.bool_)
    out = onsets.copy()
    sharp = np.zeros(len(onsets), dtype=np.bool_)
    for k, vad_ms in enumerate(onsets.tolist()):
        found = refine_onset(energy, vad_ms)
        if found is not None:
            out[k] = found
            sharp[k] = True
    return out, sharp
