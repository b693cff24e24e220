"""Loudness and speech per 10 ms of a recording, and where speech starts and stops.

Computed once per media file from the audio auto-sync decodes (`captions.sync.audio`: PyAV to
16 kHz mono, webrtcvad per 10 ms frame); the loudness is measured on the same frames, so there
is one decode for both. Stored compactly: loudness as a byte per frame (half-dB steps), speech as
a flag per frame, and auto-sync's speech-band energy per ms (`captions.sync.onset`), which places
each onset to the ms (the detector's frame starts are a median 8 ms early on the talk).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from captions.sync.audio import decode_pcm, detect_speech
from captions.sync.model import FRAME_MS, SpeechSignal, SyncError
from captions.sync.onset import BandEnergy, Energies, refine_onsets
from captions.sync.vad import FRAME, RATE, Detector, Flags, Pcm, make_detector

#: One envelope value per this many ms (the VAD's frame).
HOP_MS = FRAME_MS
#: Loudness byte `v` means `v / 2 + DB_FLOOR` dBFS (half-dB steps from -100 to +27.5 dBFS).
DB_FLOOR = -100.0
#: The strip shows this many dB below the recording's loud speech (quieter is silence).
SHOWN_RANGE_DB = 40
#: Pauses in speech up to this long do not end it (gaps between words).
MIN_PAUSE_MS = 120
#: Bursts of speech shorter than this are not speech (clicks, breaths).
MIN_SPEECH_MS = 60

Levels = npt.NDArray[np.uint8]
Times = npt.NDArray[np.int64]
Progress = Callable[[float], None]
#: Partial results are passed on at most this often (s of wall time).
PARTIAL_EVERY_S = 0.5


@dataclass(frozen=True, eq=False)
class Envelope:
    """Per 10 ms frame of the media: `level` (loudness byte) and `speech` (VAD flag); per ms,
    `band_energy` (None where not measured: onsets are then frame starts). `refined_onsets_ms`:
    `onsets_ms` as already computed (the cache stores them), else None."""

    level: Levels
    speech: Flags
    duration_ms: int
    detector: str = "webrtcvad"
    compute_s: float = 0.0
    band_energy: Energies | None = None
    refined_onsets_ms: Times | None = None

    def __post_init__(self) -> None:
        if len(self.level) != len(self.speech):
            raise ValueError("level and speech must have one value per frame")

    @property
    def frames(self) -> int:
        return len(self.level)

    def db(self) -> npt.NDArray[np.float32]:
        """Loudness per frame in dBFS."""
        return (self.level.astype(np.float32) / 2 + DB_FLOOR).astype(np.float32)

    @cached_property
    def loud_level(self) -> int:
        """The recording's loud speech: the 99.5th percentile of the loudness bytes."""
        return max(1, int(np.percentile(self.level, 99.5))) if self.frames else 1

    @cached_property
    def quiet_level(self) -> int:
        """Below this, silence: the noise floor (10th percentile), or `SHOWN_RANGE_DB` under
        the loud speech when the floor is lower (digital silence)."""
        floor = int(np.percentile(self.level, 10)) if self.frames else 0
        return min(self.loud_level - 1, max(floor, self.loud_level - 2 * SHOWN_RANGE_DB))

    @cached_property
    def _runs(self) -> tuple[Times, Times]:
        starts, ends = speech_runs(self.speech)
        if self.refined_onsets_ms is not None and len(self.refined_onsets_ms) == len(starts):
            return self.refined_onsets_ms, ends
        return refine_onsets(self.band_energy, starts)[0], ends

    @property
    def onsets_ms(self) -> Times:
        """Where speech starts (ms, ascending), short pauses bridged, short bursts dropped;
        placed to the ms where the band energy rises sharply (`refine_onsets`), else the
        detector's frame start."""
        return self._runs[0]

    @property
    def offsets_ms(self) -> Times:
        """Where speech stops (ms, ascending), paired with `onsets_ms`."""
        return self._runs[1]

    def to_speech_signal(self) -> SpeechSignal:
        """The VAD flags as auto-sync takes them (so a cached envelope spares its decode)."""
        return SpeechSignal(
            self.speech, self.duration_ms, self.compute_s, self.detector, self.band_energy
        )


def speech_runs(
    speech: Flags, *, min_pause_ms: int = MIN_PAUSE_MS, min_speech_ms: int = MIN_SPEECH_MS
) -> tuple[Times, Times]:
    """Start and end (ms) of each run of speech frames, after bridging pauses no longer than
    `min_pause_ms` and dropping runs shorter than `min_speech_ms`."""
    if not len(speech):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    padded = np.concatenate(([False], speech.astype(np.bool_), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[0::2].astype(np.int64), edges[1::2].astype(np.int64)
    if len(starts) > 1:
        # Bridge a pause: drop the end before it and the start after it.
        keep_gap = (starts[1:] - ends[:-1]) * HOP_MS > min_pause_ms
        starts = np.concatenate((starts[:1], starts[1:][keep_gap]))
        ends = np.concatenate((ends[:-1][keep_gap], ends[-1:]))
    long_enough = (ends - starts) * HOP_MS >= min_speech_ms
    return starts[long_enough] * HOP_MS, ends[long_enough] * HOP_MS


class _Meter:
    """A detector that also measures each frame's loudness (RMS, dBFS) as it passes."""

    def __init__(self, detector: Detector) -> None:
        self.name = detector.name
        self._detector = detector
        self._levels: list[Levels] = []

    def feed(self, pcm: Pcm) -> None:
        frames = pcm.reshape(-1, FRAME).astype(np.float32)
        power = np.einsum("ij,ij->i", frames, frames) / (FRAME * 32768.0 * 32768.0)
        db = 10.0 * np.log10(power + 1e-12)
        self._levels.append(np.clip(np.rint((db - DB_FLOOR) * 2), 0, 255).astype(np.uint8))
        self._detector.feed(pcm)

    def finish(self) -> Flags:
        return self._detector.finish()

    def levels(self) -> Levels:
        return np.concatenate(self._levels) if self._levels else np.zeros(0, dtype=np.uint8)

    def so_far(self) -> Envelope:
        """What has been measured until now (the detector's flags so far, by its contract)."""
        level, speech = self.levels(), self._detector.finish().astype(np.bool_, copy=False)
        frames = min(len(level), len(speech))
        return Envelope(level[:frames], speech[:frames], frames * HOP_MS, self.name)


def _passing_on(
    blocks: Iterator[Pcm], meter: _Meter, partial: Callable[[Envelope], None]
) -> Iterator[Pcm]:
    """`blocks` unchanged, calling `partial` with what `meter` has measured every so often."""
    last = time.perf_counter()
    for block in blocks:
        now = time.perf_counter()
        if now - last >= PARTIAL_EVERY_S:
            last = now
            so_far = meter.so_far()
            if so_far.frames:
                partial(so_far)
        yield block


def compute_envelope(
    media: Path,
    progress: Progress | None = None,
    *,
    partial: Callable[[Envelope], None] | None = None,
    aggressiveness: int = 2,
    workers: int | None = None,
) -> Envelope:
    """Decode `media` once and measure loudness and speech per 10 ms.

    Raises SyncError when the file cannot be read or has no audio. `progress` gets the fraction
    decoded (0..1) from the calling thread; an exception raised in it stops the work (how a UI
    cancels) and propagates. `partial`, if given, gets the envelope of the part decoded so far
    about every `PARTIAL_EVERY_S` (so a strip can show the start while the rest is computed).
    `workers`: decoding processes, as for `decode_pcm` (1: one pass).
    """
    started = time.perf_counter()
    meter = _Meter(make_detector(aggressiveness))
    energy = BandEnergy()
    blocks = _measured(decode_pcm(Path(media), progress, workers=workers), energy)
    if partial is not None:
        blocks = _passing_on(blocks, meter, partial)
    samples, _ = detect_speech(blocks, meter)
    if samples == 0:
        raise SyncError("the audio track is empty", path=media)
    speech = meter.finish()
    level = meter.levels()
    envelope = Envelope(
        level=level,
        speech=speech.astype(np.bool_, copy=False),
        duration_ms=samples * 1000 // RATE,
        detector=meter.name,
        band_energy=energy.finish(),
    )
    envelope.onsets_ms  # noqa: B018 - refined here, as part of the computing (and cached)
    if progress is not None:
        progress(1.0)
    return dataclasses.replace(
        envelope,
        compute_s=time.perf_counter() - started,
        refined_onsets_ms=envelope.onsets_ms,
    )


def _measured(blocks: Iterator[Pcm], energy: BandEnergy) -> Iterator[Pcm]:
    """`blocks` unchanged, fed to `energy` on the way (as `decode_speech` does)."""
    for block in blocks:
        energy.feed(block)
        yield block
