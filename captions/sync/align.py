"""Find the map from caption time to media time that best lines the captions' on/off signal
up with the detected speech: a constant offset (FFT cross-correlation), then offset and speed
(common frame-rate ratios and a fine search near 1.0), then split points where the offset
jumps (binary segmentation over cues, each split kept only when it clearly pays)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from captions.sync.model import FRAME_MS, SpeechSignal
from captions.sync.signal import Cues, Spans, caption_signal, spans

#: Fine frames per coarse frame (the coarse searches work at 100 ms).
COARSE = 10
#: Common frame rates: captions timed at one and played at another drift by their ratio.
FRAME_RATES = (23.976, 24.0, 25.0, 29.97)
#: Fine speed search around 1.0: +-STEPS * STEP.
SPEED_STEP = 1e-4
SPEED_STEPS = 100
#: Refinement of the best speed: +-REFINE_STEPS * REFINE_STEP.
REFINE_STEP = 1e-5
REFINE_STEPS = 15
#: Lag refinement radius around a coarse peak (fine frames).
LAG_RADIUS = 40
#: Drift must gain this share of the caption span over the constant offset.
DRIFT_GAIN = 0.05
#: Below this confidence a peak is not a match (0..1, see `peak_confidence`).
MIN_CONFIDENCE = 0.5
#: Peaks within this of the best one are the same peak for confidence (ms).
PEAK_GUARD_MS = 2000

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def _fast_len(n: int) -> int:
    """Smallest 2^a 3^b 5^c >= n (quick FFT sizes)."""
    best = 1 << max(0, (n - 1).bit_length())
    f5 = 1
    while f5 < best:
        f35 = f5
        while f35 < best:
            size = f35
            while size < n:
                size *= 2
            best = min(best, size)
            f35 *= 3
        f5 *= 5
    return best


def _downsample(x: npt.NDArray[np.float32], factor: int) -> npt.NDArray[np.float32]:
    pad = (-len(x)) % factor
    if pad:
        x = np.concatenate((x, np.zeros(pad, dtype=x.dtype)))
    means: npt.NDArray[np.float32] = x.reshape(-1, factor).mean(axis=1, dtype=np.float32)
    return means


class Correlator:
    """FFT cross-correlation of caption signals against one (coarse) speech signal."""

    def __init__(self, speech: npt.NDArray[np.float32], max_lag: int, max_len: int) -> None:
        self.max_lag = max_lag
        self.size = _fast_len(max(len(speech), max_len) + max_lag + 1)
        self._speech = np.fft.rfft(speech, self.size)

    def __call__(self, captions: npt.NDArray[np.float32]) -> Floats:
        """r[k] = sum_t captions[t] * speech[t + lag] for lag = k - max_lag."""
        spectrum = np.conj(np.fft.rfft(captions, self.size)) * self._speech
        r = np.fft.irfft(spectrum, self.size)
        k = self.max_lag
        return np.concatenate((r[self.size - k :], r[: k + 1]))


class Scorer:
    """Agreement of cue spans with speech at given lags, by prefix sums (fine frames)."""

    def __init__(self, speech: npt.NDArray[np.bool_]) -> None:
        coded = np.where(speech, 1, -1).astype(np.int64)
        self._prefix = np.concatenate(([0], np.cumsum(coded)))
        self._last = len(coded)

    def _at(self, index: Ints) -> Ints:
        return self._prefix[np.clip(index, 0, self._last)]

    def cues(self, sp: Spans, lags: Ints) -> Ints:
        """Score of each cue (rows) at each lag (columns): +1 per frame where spoken and
        speech agree, -1 where they disagree; frames outside the media count 0."""
        shift = lags[None, :]

        def at(edge: Ints) -> Ints:
            return self._at(edge[:, None] + shift)

        on = at(sp.on)
        spoken = at(sp.mid) - on
        silent = at(sp.off) - at(sp.unsure) + on - at(sp.lead)
        return spoken - silent


def peak_confidence(r: Floats, peak: int, guard: int) -> float:
    """How far the peak stands out: (peak - best elsewhere) / (peak - median), in 0..1.

    "Elsewhere" is beyond `guard` of the peak (less when the range is short). A peak on the
    edge of the range is 0: the true one may lie beyond it.
    """
    if peak <= 0 or peak >= len(r) - 1:
        return 0.0
    guard = min(guard, len(r) // 4)
    top = float(r[peak])
    median = float(np.median(r))
    rest = np.concatenate((r[: max(0, peak - guard)], r[peak + guard + 1 :]))
    if top <= median or not len(rest):
        return 0.0
    return float(np.clip((top - float(rest.max())) / (top - median), 0.0, 1.0))


@dataclass(frozen=True)
class SpeedSearch:
    """The coarse scan's answer: the best speed, its lag (fine frames), and how clearly that
    speed beats speed 1 (0..1, against the median of all candidates)."""

    speed: float
    lag: int
    speed_confidence: float


def speed_candidates(drift: bool) -> list[float]:
    """1.0, and with drift the frame-rate ratios and a fine grid around 1.0."""
    if not drift:
        return [1.0]
    grid = {round(1.0 + k * SPEED_STEP, 6) for k in range(-SPEED_STEPS, SPEED_STEPS + 1)}
    return sorted(exact_speeds() | grid)


def exact_speeds() -> set[float]:
    """1.0 and the frame-rate ratios: speeds a drift is likely to be exactly."""
    return {a / b for a in FRAME_RATES for b in FRAME_RATES}


def scan_speeds(cues: Cues, speech: SpeechSignal, max_lag: int, drift: bool) -> SpeedSearch:
    """Cross-correlate the coarse signals (FFT) at every candidate speed; keep the best."""
    coded = np.where(speech.speech, 1.0, -1.0).astype(np.float32)
    candidates = speed_candidates(drift)
    longest = int(np.max(cues.starts + cues.spoken) * max(candidates) / FRAME_MS) + 2
    correlate = Correlator(_downsample(coded, COARSE), -(-max_lag // COARSE), -(-longest // COARSE))

    def correlation(speed: float) -> tuple[Floats, int]:
        signal, span = caption_signal(cues, speed, COARSE)
        return correlate(signal.astype(np.float32)), max(1, span)

    scores: list[float] = []
    lags: list[int] = []
    for speed in candidates:
        r, span = correlation(speed)
        peak = int(np.argmax(r))
        scores.append(float(r[peak]) * COARSE / span)
        lags.append((peak - correlate.max_lag) * COARSE)
    best = int(np.argmax(scores))
    one = scores[candidates.index(1.0)]
    spread = scores[best] - float(np.median(scores))
    return SpeedSearch(
        speed=candidates[best],
        lag=lags[best],
        speed_confidence=float(np.clip((scores[best] - one) / spread, 0, 1)) if spread > 0 else 0,
    )


def refine_speed(
    cues: Cues, scorer: Scorer, speed: float, lag: int, exact: bool
) -> tuple[float, int, int]:
    """Best (speed, lag, score) at fine resolution near a coarse result; an `exact` speed
    (1.0 or a frame-rate ratio) is kept unless a neighbour beats it clearly."""
    grid = [speed] + [speed + k * REFINE_STEP for k in range(-REFINE_STEPS, REFINE_STEPS + 1) if k]
    lags = np.arange(lag - LAG_RADIUS - COARSE, lag + LAG_RADIUS + COARSE + 1, dtype=np.int64)
    centre = float(np.mean(cues.starts))
    results: list[tuple[int, float, int]] = []
    for candidate in grid:
        shift = round((speed - candidate) * centre / FRAME_MS)
        totals = scorer.cues(spans(cues, candidate), lags + shift).sum(axis=0)
        k = int(np.argmax(totals))
        results.append((int(totals[k]), candidate, int(lags[k] + shift)))
    top = max(results)
    if exact and results[0][0] >= top[0] - snap_tolerance(cues):
        top = results[0]
    return top[1], top[2], top[0]


def snap_tolerance(cues: Cues) -> int:
    """Frames of agreement a neighbouring speed must gain to beat an exact one."""
    return max(20, int(np.sum(cues.spoken) / FRAME_MS / 500))
