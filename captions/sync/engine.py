"""`sync`: from a track and the media's speech signal to a proposed retiming, or a refusal.

Bounds: the offset search is capped at the media's length; cues that cannot land in the media
are left out of the fit (they are still mapped); more than `MAX_CUES` spoken cues within reach
are refused; the search's own arrays stay under `SEARCH_BYTES` plus about `BYTES_PER_MINUTE`
per minute of media, whatever the file holds.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from captions.sync.align import Scorer, scan_speeds
from captions.sync.joint import best_model
from captions.sync.model import (
    FRAME_MS,
    SpeechSignal,
    SyncError,
    SyncOptions,
    SyncResult,
    SyncSegment,
)
from captions.sync.refine import snap_starts
from captions.sync.signal import Cues, caption_cues, caption_signal
from captions.sync.splits import Fit
from captions.sync.words import describe_model
from captions.timecode import format_time
from captions.track import Timing, Track

#: Fewer cues than this cannot be aligned reliably.
MIN_CUES = 3
#: More spoken cues than this within the media's reach are refused (a 10-hour recording with
#: a cue every second has 36,000).
MAX_CUES = 50_000
#: Below this confidence the captions do not match the audio. Measured: captions of another
#: part of the talk and shuffled timings score 0.27-0.33; right captions on 27-30 s real
#: voices (tests/voices.py) 0.41-0.46, on the talk 0.6 and more.
MATCH_CONFIDENCE = 0.4
#: Less detected speech than this (ms) is "only silence".
MIN_SPEECH_MS = 1000
#: A proposal that moves no cue start by more than this (ms) leaves the file as it is.
STILL_MS = 50
#: The slowest speed looked for (cues later than media / this cannot land in the media).
SLOWEST = 0.75
#: Memory of the search beyond the loaded captions: tables and chunks (see splits.py) ...
SEARCH_BYTES = 256 * 1024 * 1024
#: ... plus the speech signal and its prefix sums and spectra, per minute of media.
BYTES_PER_MINUTE = 1024 * 1024

Stage = Callable[[str], None]


def _check(track: Track, speech: SpeechSignal, options: SyncOptions) -> None:
    if options.max_offset_ms <= 0:
        raise SyncError("the largest offset must be positive")
    if speech.speech_ms < MIN_SPEECH_MS:
        raise SyncError("the audio holds only silence: less than 1 s of speech was detected")


def _reachable(cues: Cues, speech: SpeechSignal, max_offset_ms: int) -> Cues:
    """The cues that can land in the media under any speed and offset looked for."""
    limit = (speech.duration_ms + max_offset_ms) / SLOWEST
    keep = cues.starts <= limit
    if len(cues) - int(np.count_nonzero(keep)) == 0:
        return cues
    return Cues(cues.starts[keep], cues.spoken[keep])


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
    """Map every cue by the segment its start falls in (ends never precede starts), and count
    the cues that start before 0. Those keep their times (issue 11: timing edits compose into
    one transform of the original times; only writing a file clamps them at 0)."""
    bounds = [s.source_start_ms or 0 for s in segments[1:]]
    starts: list[int] = []
    ends: list[int] = []
    for start, end in zip(timing.starts, timing.ends, strict=True):
        segment = segments[bisect_right(bounds, start)]
        new_start, new_end = segment.map(start), segment.map(end)
        starts.append(new_start)
        ends.append(max(new_start, new_end))
    return Timing(tuple(starts), tuple(ends)), _below_zero(starts)


def _below_zero(starts: list[int] | tuple[int, ...]) -> int:
    """Cues that start before 0 (a file gets them from 0, and says how many)."""
    return sum(1 for s in starts if s < 0)


def _confidences(fitted: Fit, segments: list[SyncSegment], speed_conf: float) -> dict[str, float]:
    parts = {"offset": round(fitted.confidences[0], 3)}
    if fitted.speed != 1.0:
        parts["speed"] = round(speed_conf, 3)
    for segment, conf in zip(segments[1:], fitted.confidences[1:], strict=True):
        parts[f"cut at {format_time(segment.source_start_ms or 0)}"] = round(conf, 3)
    return parts


def refine(
    track: Track, timing: Timing, speech: SpeechSignal
) -> tuple[int, Timing, dict[int, int]]:
    """Re-anchor on the speech onsets and snap spoken cues' starts to them (ends move with
    them, never before the start): (bias added to every cue, new timing, {file index: ms
    moved beyond the bias})."""
    spoken = [i for i, e in enumerate(track.events) if not e.is_comment and e.plaintext.strip()]
    bias, moves = snap_starts(
        [timing.starts[i] for i in spoken],
        speech.speech,
        speech.band_energy,
        [timing.ends[i] for i in spoken],
    )
    starts = [s + bias for s in timing.starts]
    ends = [max(s, e + bias) for s, e in zip(starts, timing.ends, strict=True)]
    refined: dict[int, int] = {}
    for k, move in moves.items():
        i = spoken[k]
        starts[i] += move
        ends[i] = max(starts[i], ends[i] + move)
        refined[i] = move
    return bias, Timing(tuple(starts), tuple(ends)), refined


def sync(
    track: Track,
    speech: SpeechSignal,
    options: SyncOptions | None = None,
    stage: Stage | None = None,
) -> SyncResult:
    """Propose the retiming that lines `track` up with `speech`.

    Raises SyncError when there is no speech, too few or too many cues, or nothing matches
    well. A track that is already right comes back with `unchanged=True` and its timing
    untouched. `stage` is told what is being done ("scanning speeds", ...); an exception
    raised in it stops the search and propagates (how a caller cancels).
    """
    options = options or SyncOptions()
    started = time.perf_counter()
    tell = stage or (lambda _: None)
    _check(track, speech, options)
    max_offset_ms = min(options.max_offset_ms, speech.duration_ms)
    cues = _reachable(caption_cues(track), speech, max_offset_ms)
    if len(cues) < MIN_CUES:
        raise SyncError(f"too few cues to align ({len(cues)}; at least {MIN_CUES} needed)")
    if len(cues) > MAX_CUES:
        raise SyncError(f"too many cues to align ({len(cues):,}; at most {MAX_CUES:,})")
    max_lag = max(1, max_offset_ms // FRAME_MS)
    tell("scanning speeds")
    scan = scan_speeds(cues, speech, max_lag, options.drift)
    scorer = Scorer(speech.speech)
    tell("fitting offset, speed and cuts")
    chosen = best_model(cues, scorer, [1.0, scan.speed], max_lag, options.splits, options.drift)
    confidence = min(chosen.confidences)
    if confidence < MATCH_CONFIDENCE:
        raise SyncError(
            f"captions do not match this audio (best match confidence {confidence:.2f}, "
            f"needs {MATCH_CONFIDENCE:.2f}); check the files, or widen --max-offset"
        )
    starts = [float(s) for s in cues.starts]
    segments = _segments(chosen, starts)
    timing = track.timing
    proposed, clamped = apply_segments(timing, segments)
    largest = max(
        (abs(a - b) for a, b in zip(proposed.starts, timing.starts, strict=True)), default=0
    )
    unchanged = largest <= STILL_MS
    refined: dict[int, int] = {}
    if unchanged:
        proposed, clamped, segments = timing, 0, [SyncSegment(None, 0, 1.0)]
    elif options.refine:
        tell("refining cue starts")
        bias, proposed, refined = refine(track, proposed, speech)
        segments = [replace(s, offset_ms=s.offset_ms + bias) for s in segments]
        clamped = _below_zero(proposed.starts)
    moved = sum(a != b for a, b in zip(proposed.starts, timing.starts, strict=True))
    return SyncResult(
        segments=segments,
        offset_ms=segments[0].offset_ms,
        speed=segments[0].speed,
        confidence=round(confidence, 3),
        part_confidence=_confidences(chosen, _segments(chosen, starts), scan.speed_confidence),
        timing=proposed,
        moved=moved,
        unchanged=unchanged,
        decode_s=speech.decode_s,
        align_s=time.perf_counter() - started,
        clamped=clamped,
        score=round(chosen.score / max(1, caption_signal(cues, chosen.speed)[1]), 3),
        refined=refined,
        summary=describe_model(segments, unchanged, len(refined)),
    )
