"""Voice-activity detection over 10 ms frames of 16 kHz mono int16 PCM.

webrtcvad when it imports; otherwise an energy detector with a threshold set from the
recording's own noise floor.
"""

from __future__ import annotations

import importlib
import itertools
from typing import Protocol

import numpy as np
import numpy.typing as npt

#: Sample rate the detectors work at.
RATE = 16_000
#: Samples per 10 ms frame.
FRAME = RATE // 100
#: Frames whose peak stays under this (about -54 dBFS) are silence without asking the VAD.
SILENCE_PEAK = 64
#: Energy detector: speech is this far above the noise floor (dB) ...
ENERGY_MARGIN_DB = 12.0
#: ... and at least this loud (dBFS).
ENERGY_MIN_DBFS = -50.0

Pcm = npt.NDArray[np.int16]
Flags = npt.NDArray[np.bool_]


class Detector(Protocol):
    """Takes PCM in whole 10 ms frames, returns one speech flag per frame at the end."""

    name: str

    def feed(self, pcm: Pcm) -> None:
        """Classify `pcm` (a multiple of 160 samples)."""

    def finish(self) -> Flags:
        """Speech flags for every frame fed so far."""


def _frames(pcm: Pcm) -> npt.NDArray[np.int16]:
    return pcm[: len(pcm) - len(pcm) % FRAME].reshape(-1, FRAME)


class WebrtcDetector:
    """webrtcvad (aggressiveness 0..3: higher rejects more non-speech)."""

    name = "webrtcvad"

    def __init__(self, aggressiveness: int = 2) -> None:
        webrtcvad = importlib.import_module("webrtcvad")
        self._vad = webrtcvad.Vad(aggressiveness)
        self._parts: list[Flags] = []

    def feed(self, pcm: Pcm) -> None:
        frames = _frames(pcm)
        flags = np.zeros(len(frames), dtype=np.bool_)
        loud = np.flatnonzero(np.abs(frames.astype(np.int32)).max(axis=1) >= SILENCE_PEAK)
        data = np.ascontiguousarray(frames).tobytes()
        is_speech = self._vad.is_speech
        step = FRAME * 2
        for i in loud.tolist():
            flags[i] = is_speech(data[i * step : (i + 1) * step], RATE)
        self._parts.append(flags)

    def finish(self) -> Flags:
        return np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=np.bool_)


class EnergyDetector:
    """Frame energy above the noise floor (10th percentile) by a margin, with short gaps closed."""

    name = "energy"

    def __init__(self) -> None:
        self._parts: list[npt.NDArray[np.float64]] = []

    def feed(self, pcm: Pcm) -> None:
        frames = _frames(pcm).astype(np.float64)
        power = np.mean(frames * frames, axis=1) / (32768.0 * 32768.0)
        self._parts.append(10.0 * np.log10(power + 1e-12))

    def finish(self) -> Flags:
        if not self._parts:
            return np.zeros(0, dtype=np.bool_)
        db = np.concatenate(self._parts)
        floor = float(np.percentile(db, 10))
        flags: Flags = db > max(floor + ENERGY_MARGIN_DB, ENERGY_MIN_DBFS)
        return close_gaps(flags, 5)


def close_gaps(flags: Flags, frames: int) -> Flags:
    """Fill runs of False no longer than `frames` between two True frames."""
    out = flags.copy()
    edges = np.flatnonzero(np.diff(flags.astype(np.int8)))
    # Pairs (end of speech, start of next speech): a drop at edges[k], a rise at edges[k+1].
    for drop, rise in itertools.pairwise(edges):
        if flags[drop] and not flags[drop + 1] and rise - drop <= frames:
            out[drop + 1 : rise + 1] = True
    return out


def make_detector(aggressiveness: int = 2) -> Detector:
    """webrtcvad if it is installed, else the energy detector."""
    try:
        return WebrtcDetector(aggressiveness)
    except ImportError:
        return EnergyDetector()
