"""Forced alignment of the cues' words to the speech, window by window, in worker processes.

Runs of consecutive cues are aligned by pocketsphinx in windows around their current times (see
captions/align/plan.py): one utterance for a whole recording would need wide beams that take
minutes and gigabytes. The workers' side is captions/align/decoder.py, the pool's
captions/align/pool.py; this module turns their word times into cue times.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from captions.align.decoder import Pcm, dictionary_words, model_dir, start_worker
from captions.align.loudness import clip_long_words
from captions.align.onset import snap_onsets
from captions.align.plan import Planner
from captions.align.pool import Found, Progress, first_batch, run_batch, split, stop
from captions.align.rise import snap_cue_starts
from captions.align.words import Token, espeak_pronunciations, missing_words, tokens
from captions.track import Timing, Track, WordTime

__all__ = [
    "AlignCancelled",
    "AlignOptions",
    "AlignResult",
    "Pcm",
    "dictionary_words",
    "english_share",
    "force_align",
    "model_dir",
]


@dataclass(frozen=True)
class AlignOptions:
    """How to align: the window around each cue, worker processes, the espeak-ng voice."""

    pad_ms: int = 500
    workers: int = 0  # 0: one per core
    espeak_voice: str = "en-us"
    use_espeak: bool = True
    #: multiprocessing start method of the workers (None: the platform's). The editor uses
    #: "forkserver": forking a process that runs UI threads can copy a held lock.
    start_method: str | None = None


class AlignCancelled(Exception):
    """Raised by `force_align` when its `cancelled()` says so (the workers are stopped)."""


@dataclass
class AlignResult:
    """What alignment found: new timing, word times per cue, and what could not be aligned."""

    timing: Timing
    word_times: dict[int, tuple[WordTime, ...]]
    unaligned: list[int]
    skipped_words: list[str] = field(default_factory=list)
    pronounced_words: list[str] = field(default_factory=list)
    method: str = "pocketsphinx"
    align_s: float = 0.0
    start_shifts_ms: list[int] = field(default_factory=list)

    @property
    def aligned(self) -> int:
        """Cues whose times now come from the speech."""
        return len(self.timing) - len(self.unaligned)

    @property
    def median_shift_ms(self) -> float:
        """Median absolute move of an aligned cue's start."""
        return float(statistics.median(self.start_shifts_ms)) if self.start_shifts_ms else 0.0


def cue_words(track: Track, options: AlignOptions) -> tuple[list[list[Token]], dict[str, str]]:
    """Each cue's tokens, with words nobody can pronounce blanked; espeak-ng's pronunciations."""
    per_cue = [tokens(event.text) for event in track.events]
    known = dictionary_words()
    missing = missing_words((t.word for cue in per_cue for t in cue), known.__contains__)
    spoken = espeak_pronunciations(missing, options.espeak_voice) if options.use_espeak else {}
    if missing - spoken.keys():
        per_cue = [
            [t if t.word in known or t.word in spoken else Token(t.text, "") for t in cue]
            for cue in per_cue
        ]
    return per_cue, spoken


def english_share(track: Track) -> float:
    """Share of the words (by count) the English dictionary spells: low means another language."""
    words = [t.word for event in track.events for t in tokens(event.text) if t.word]
    if not words:
        return 1.0
    known = dictionary_words()
    return sum(word in known for word in words) / len(words)


def _word_times(cue: list[Token], times: list[tuple[int, int]]) -> tuple[WordTime, ...]:
    """Times for every token: skipped ones span the gap between their aligned neighbours."""
    out: list[WordTime] = []
    spoken = iter(times)
    pending: list[str] = []
    last_end: int | None = None
    for token in cue:
        if not token.word:
            pending.append(token.text)
            continue
        start, end = next(spoken)
        gap_start = start if last_end is None else last_end
        out.extend(WordTime(text, gap_start, start) for text in pending)
        pending = []
        out.append(WordTime(token.text, start, end))
        last_end = end
    if last_end is not None:
        out.extend(WordTime(text, last_end, last_end) for text in pending)
    return tuple(out)


def force_align(
    track: Track,
    audio: Pcm | Iterable[Pcm],
    options: AlignOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AlignResult:
    """Align every cue of `track` to `audio`: 16 kHz mono int16 of the whole media, as one
    array or as blocks while they are decoded (windows go to the workers as soon as their
    audio is there, so decoding and aligning overlap).

    Cues with no alignable word, or that pocketsphinx cannot align in their window, keep their
    times and are listed in `unaligned`. `progress(done, total)` is called in this process;
    an exception raised in it (KeyboardInterrupt) stops the workers and propagates.
    `cancelled()` is asked after each window (both passes): True raises `AlignCancelled`.
    """
    options = options or AlignOptions()
    started = time.perf_counter()
    per_cue, spoken = cue_words(track, options)
    timing = track.timing
    planner = Planner(timing, per_cue, options.pad_ms)
    blocks = [audio] if isinstance(audio, np.ndarray) else audio
    windows = planner.first_pass()
    found: Found = {}
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(windows)))
    context = multiprocessing.get_context(options.start_method) if options.start_method else None
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_worker, initargs=(spoken,)
    )

    def check(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise AlignCancelled

    def first_progress(done: int, total: int) -> None:
        check(done, total)
        if progress is not None:
            progress(done, total)

    try:
        jobs, results = first_batch(executor, planner, windows, blocks, first_progress)
        split(jobs, results, found)
        again = planner.second_pass(jobs, found)
        retried: Found = {}
        split(again, run_batch(executor, workers, again, check), retried)
        found.update({i: times for i, times in retried.items() if times is not None})
    except BaseException:
        stop(executor)
        raise
    executor.shutdown(wait=True)
    recording = np.frombuffer(planner.pcm, dtype=np.int16)
    clip_long_words(found, recording)
    snap_cue_starts(found, recording)
    snap_onsets(found, recording)

    starts, ends = list(timing.starts), list(timing.ends)
    word_times: dict[int, tuple[WordTime, ...]] = {}
    shifts = []
    for index, times in sorted(found.items()):
        if times is None:
            continue
        word_times[index] = _word_times(per_cue[index], times)
        shifts.append(abs(times[0][0] - starts[index]))
        starts[index], ends[index] = times[0][0], times[-1][1]
    for i in range(len(starts) - 1):  # two windows may claim the same speech: never overlap
        if i in word_times and i + 1 in word_times and ends[i] > starts[i + 1]:
            ends[i] = max(starts[i], starts[i + 1])
    unaligned = [i for i in range(len(starts)) if i not in word_times]
    skipped = sorted({t.text for cue in per_cue for t in cue if not t.word})
    return AlignResult(
        timing=Timing(tuple(starts), tuple(ends)),
        word_times=word_times,
        unaligned=unaligned,
        skipped_words=skipped,
        pronounced_words=sorted(spoken),
        align_s=time.perf_counter() - started,
        start_shifts_ms=shifts,
    )
