"""`sync`: from a track and the media's speech signal to a proposed retiming, or a refusal."""

from __future__ import annotations

import time
from bisect import bisect_right

from captions.sync.align import (
    DRIFT_GAIN,
    MIN_CONFIDENCE,
    Scorer,
    exact_speeds,
    refine_speed,
    scan_speeds,
)
from captions.sync.model import (
    FRAME_MS,
    SpeechSignal,
    SyncError,
    SyncOptions,
    SyncResult,
    SyncSegment,
)
from captions.sync.signal import caption_cues, caption_signal
from captions.sync.splits import Fit, fit
from captions.timecode import format_time
from captions.track import Timing, Track

#: Fewer cues than this cannot be aligned reliably.
MIN_CUES = 3
#: Less detected speech than this (ms) is "only silence".
MIN_SPEECH_MS = 1000
#: A proposal that moves no cue start by more than this (ms) leaves the file as it is.
STILL_MS = 50


def _check(track: Track, speech: SpeechSignal, options: SyncOptions) -> None:
    if options.max_offset_ms <= 0:
        raise SyncError("the largest offset must be positive")
    if speech.speech_ms < MIN_SPEECH_MS:
        raise SyncError("the audio holds only silence: less than 1 s of speech was detected")


def _segments(fitted: Fit, starts: list[float]) -> list[SyncSegment]:
    return [
        SyncSegment(
            None if i == 0 else round(starts[first]),
            lag * FRAME_MS,
            fitted.speed,
        )
        for i, (first, lag) in enumerate(zip(fitted.firsts, fitted.lags, strict=True))
    ]


def apply_segments(timing: Timing, segments: list[SyncSegment]) -> tuple[Timing, int]:
    """Map every cue by the segment its start falls in; starts below 0 clamp to 0 (counted),
    ends never precede starts."""
    bounds = [s.source_start_ms or 0 for s in segments[1:]]
    starts: list[int] = []
    ends: list[int] = []
    clamped = 0
    for start, end in zip(timing.starts, timing.ends, strict=True):
        segment = segments[bisect_right(bounds, start)]
        new_start, new_end = segment.map(start), segment.map(end)
        if new_start < 0:
            clamped += 1
            new_start = 0
        starts.append(new_start)
        ends.append(max(new_start, new_end))
    return Timing(tuple(starts), tuple(ends)), clamped


def _confidences(fitted: Fit, segments: list[SyncSegment], speed_conf: float) -> dict[str, float]:
    parts = {"offset": round(fitted.confidences[0], 3)}
    if fitted.speed != 1.0:
        parts["speed"] = round(speed_conf, 3)
    for segment, conf in zip(segments[1:], fitted.confidences[1:], strict=True):
        parts[f"split at {format_time(segment.source_start_ms or 0)}"] = round(conf, 3)
    return parts


def sync(track: Track, speech: SpeechSignal, options: SyncOptions | None = None) -> SyncResult:
    """Propose the retiming that lines `track` up with `speech`.

    Raises SyncError when there is no speech, too few cues, or nothing matches well. A track
    that is already right comes back with `unchanged=True` and its timing untouched.
    """
    options = options or SyncOptions()
    started = time.perf_counter()
    _check(track, speech, options)
    cues = caption_cues(track)
    if len(cues) < MIN_CUES:
        raise SyncError(f"too few cues to align ({len(cues)}; at least {MIN_CUES} needed)")
    max_lag = options.max_offset_ms // FRAME_MS
    scan = scan_speeds(cues, speech, max_lag, options.drift)
    scorer = Scorer(speech.speech)
    constant = fit(cues, scorer, 1.0, max_lag, options.splits)
    chosen, speed_conf = constant, 0.0
    if options.drift and scan.speed != 1.0:
        speed, _, _ = refine_speed(cues, scorer, scan.speed, scan.lag, scan.speed in exact_speeds())
        drifted = fit(cues, scorer, speed, max_lag, options.splits)
        span = float(cues.spoken.sum()) / FRAME_MS
        if drifted.score - constant.score >= DRIFT_GAIN * span:
            chosen, speed_conf = drifted, scan.speed_confidence
    confidence = min(chosen.confidences)
    if confidence < MIN_CONFIDENCE:
        raise SyncError(
            f"captions do not match this audio (best match confidence {confidence:.2f}, "
            f"needs {MIN_CONFIDENCE:.2f}); check the files, or widen --max-offset"
        )
    starts = [float(s) for s in cues.starts]
    segments = _segments(chosen, starts)
    timing = track.timing
    proposed, clamped = apply_segments(timing, segments)
    largest = max(
        (abs(a - b) for a, b in zip(proposed.starts, timing.starts, strict=True)), default=0
    )
    unchanged = largest <= STILL_MS
    if unchanged:
        proposed, clamped, segments = timing, 0, [SyncSegment(None, 0, 1.0)]
    moved = sum(a != b for a, b in zip(proposed.starts, timing.starts, strict=True))
    return SyncResult(
        segments=segments,
        offset_ms=segments[0].offset_ms,
        speed=segments[0].speed,
        confidence=round(confidence, 3),
        part_confidence=_confidences(chosen, _segments(chosen, starts), speed_conf),
        timing=proposed,
        moved=moved,
        unchanged=unchanged,
        decode_s=speech.decode_s,
        align_s=time.perf_counter() - started,
        clamped=clamped,
        score=round(chosen.score / max(1, caption_signal(cues, chosen.speed)[1]), 3),
    )
