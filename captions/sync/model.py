"""What auto-sync takes and returns: options, the speech signal, the proposed mapping."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from captions.errors import CaptionError
from captions.track import Timing

#: Length of one frame of the speech and caption signals (ms).
FRAME_MS = 10


class SyncError(CaptionError):
    """Auto-sync refuses: no audio, no speech, too few cues, or the captions do not match."""


@dataclass(frozen=True)
class SyncOptions:
    """How far auto-sync may look: the largest offset (capped at the media's length), whether to
    try drift and cuts (splits), and whether to snap each cue start to its speech onset."""

    max_offset_ms: int = 60_000
    drift: bool = True
    splits: bool = True
    refine: bool = True


@dataclass(frozen=True, eq=False)
class SpeechSignal:
    """Speech (True) or not, per 10 ms frame of the media, as a voice-activity detector heard it;
    `band_energy`, when kept, the speech-band energy per ms in half dB (captions.sync.onset),
    which places onsets within the frame."""

    speech: npt.NDArray[np.bool_]
    duration_ms: int
    decode_s: float = 0.0
    detector: str = "webrtcvad"
    band_energy: npt.NDArray[np.uint8] | None = None

    @property
    def speech_ms(self) -> int:
        """Total detected speech."""
        return int(np.count_nonzero(self.speech)) * FRAME_MS


@dataclass(frozen=True)
class SyncSegment:
    """Cues starting at or after `source_start_ms` (None: from the beginning) play at
    `speed * t + offset_ms` in the media."""

    source_start_ms: int | None
    offset_ms: int
    speed: float = 1.0

    def map(self, ms: int) -> int:
        """Where caption time `ms` lands in the media under this segment."""
        return round(self.speed * ms + self.offset_ms)


@dataclass(frozen=True)
class SyncResult:
    """The proposed retiming and how sure we are of each part.

    `segments` are in source order; `offset_ms` and `speed` are the first segment's.
    `part_confidence` maps "offset", "speed" (when drift was found) and "split at <time>"
    (each split, named by its source time) to 0..1. `timing` is the proposed new timing of
    every cue in file order, times before 0 kept (a file written from it clamps them);
    `moved` counts cues whose start changes, `clamped` those that start before 0.
    `unchanged` says the file was already right (then `timing` is the input's, exactly).
    `score` is how well the caption signal agrees with the detected speech, per frame where
    it says something: 1 all agree, -1 all disagree. `refined` maps
    the file index of each cue whose start was snapped to its speech onset after the global
    fit to how far it moved from the fitted time (ms). `summary` says what was found, in
    plain words.
    """

    segments: list[SyncSegment]
    offset_ms: int
    speed: float
    confidence: float
    part_confidence: dict[str, float]
    timing: Timing
    moved: int
    unchanged: bool
    decode_s: float = 0.0
    align_s: float = 0.0
    clamped: int = 0
    score: float = 0.0
    refined: dict[int, int] = field(default_factory=dict)
    summary: str = ""

    @property
    def cuts(self) -> list[SyncSegment]:
        """The segments after the first: where the offset jumps."""
        return self.segments[1:]
