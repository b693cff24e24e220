"""Forced alignment of the cues' words to the speech, window by window, in worker processes.

Runs of consecutive cues are aligned by pocketsphinx in windows around their current times (see
captions/align/plan.py): one utterance for a whole recording would need wide beams that take
minutes and gigabytes. Each window gets a small deterministic dither, as pocketsphinx finds no
path through digital silence ("does not match the grammar"); a window with no path is tried
again with wide beams, which is cheap on a few seconds of audio.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from captions.align.loudness import clip_long_words
from captions.align.plan import Job, Planner
from captions.align.words import Token, espeak_pronunciations, missing_words, tokens
from captions.track import Timing, Track, WordTime

RATE = 16_000
PER_MS = RATE // 1000
FRAME_MS = 10
#: pocketsphinx frame k spans samples [160 k, 160 k + 410): an onset inside it is heard from
#: frame k on, so a word's first frame starts up to a window (25.6 ms) before its sound; we
#: report the middle of that frame. Measured (tests/bench/bench_align.py): raw starts are about
#: 30 ms early on the bundled talk's exact onsets and on time against MFA's TextGrids (whose
#: frames are as early), so half a window sits between the two.
START_BIAS_MS = 15
END_BIAS_MS = 0
#: Dither: Gaussian noise of this standard deviation (16-bit sample units).
DITHER = 2.0

Pcm = npt.NDArray[np.int16]
Progress = Callable[[int, int], None]


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


# --- the dictionary --------------------------------------------------------------------------


def model_dir() -> Path:
    """pocketsphinx's bundled English model folder."""
    import pocketsphinx  # type: ignore[import-untyped]

    return Path(pocketsphinx.get_model_path()) / "en-us"


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Every word the bundled CMU dictionary spells (alternates like `word(2)` folded)."""
    words = set()
    with open(model_dir() / "cmudict-en-us.dict", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            word = line.split(" ", 1)[0]
            words.add(word.split("(", 1)[0])
    return frozenset(words)


# --- in the worker ---------------------------------------------------------------------------

#: Beams of the retry when the default ones find no path (hoarse or fast speech): fine on a
#: window of a few seconds, which is why alignment is done cue by cue.
WIDE_BEAMS: dict[str, Any] = {"beam": 1e-120, "pbeam": 1e-120, "wbeam": 1e-100}

_decoders: dict[str, Any] = {}
_pronunciations: dict[str, str] = {}


def _start_worker(pronunciations: dict[str, str]) -> None:
    """Worker initializer: Ctrl+C is the parent's to handle; load the model once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pronunciations.update(pronunciations)
    _decoders["default"] = make_decoder(pronunciations)


def make_decoder(pronunciations: dict[str, str], wide: bool = False) -> Any:
    """A pocketsphinx decoder for the English model, with the extra words added."""
    from pocketsphinx import Decoder

    beams = WIDE_BEAMS if wide else {}
    decoder = Decoder(samprate=RATE, loglevel="FATAL", lm=None, bestpath=False, topn=2, **beams)
    items = list(pronunciations.items())
    for i, (word, phones) in enumerate(items):
        try:
            decoder.add_word(word, phones, i == len(items) - 1)
        except RuntimeError:
            continue  # a cue with this word fails to align and keeps its times
    return decoder


def dithered(pcm: Pcm, seed: int) -> Pcm:
    """`pcm` plus a little noise, so no stretch is digital silence."""
    noise = np.random.default_rng(seed).normal(0.0, DITHER, len(pcm))
    out = np.clip(pcm.astype(np.float64) + noise, -32768, 32767)
    return out.astype(np.int16)


def align_words(decoder: Any, job: Job) -> list[tuple[int, int]] | None:
    """Frame times (start_ms, end_ms) of each of `job.words` in the media, None on failure."""
    pcm = dithered(np.frombuffer(job.pcm, dtype=np.int16), job.index)
    try:
        decoder.set_align_text(" ".join(job.words))
        decoder.start_utt()
        decoder.process_raw(pcm.tobytes(), full_utt=True)
        decoder.end_utt()
        segments = list(decoder.seg() or ())  # None: no path through the words
    except (RuntimeError, ValueError, KeyError):
        return None
    said = [
        (
            s.word.split("(", 1)[0],
            job.offset_ms + s.start_frame * FRAME_MS,
            job.offset_ms + (s.end_frame + 1) * FRAME_MS,
        )
        for s in segments
        if not s.word.startswith(("<", "["))
    ]
    if [word for word, _, _ in said] != list(job.words):
        return None
    return [(start, end) for _, start, end in said]


def _run_job(job: Job) -> tuple[int, list[tuple[int, int]] | None]:
    times = align_words(_decoders["default"], job)
    if times is None:
        if "wide" not in _decoders:
            _decoders["wide"] = make_decoder(_pronunciations, wide=True)
        times = align_words(_decoders["wide"], job)
    return job.index, times


# --- in the parent ---------------------------------------------------------------------------


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


Found = dict[int, list[tuple[int, int]] | None]


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
        workers, mp_context=context, initializer=_start_worker, initargs=(spoken,)
    )

    def check(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise AlignCancelled

    def first_progress(done: int, total: int) -> None:
        check(done, total)
        if progress is not None:
            progress(done, total)

    try:
        jobs, results = _first_batch(executor, planner, windows, blocks, first_progress)
        _split(jobs, results, found)
        again = planner.second_pass(jobs, found)
        retried: Found = {}
        _split(again, _run_batch(executor, workers, again, check), retried)
        found.update({i: times for i, times in retried.items() if times is not None})
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)
    found = {
        i: [(start + START_BIAS_MS, end + END_BIAS_MS) for start, end in times]
        for i, times in found.items()
        if times is not None
    }
    clip_long_words(found, np.frombuffer(planner.pcm, dtype=np.int16))

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


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel (Ctrl+C or an error): drop queued windows and end the workers now. The pool has
    no public way to end the windows already running, so its processes are terminated."""
    processes = list(getattr(executor, "_processes", {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _split(jobs: list[Job], results: Found, into: Found) -> None:
    """Each job's word times, shared out to its cues (None for every cue of a failed job)."""
    for job in jobs:
        times = results.get(job.index)
        at = 0
        for cue, count in zip(job.cues, job.counts, strict=True):
            into[cue] = None if times is None else times[at : at + count]
            at += count


def _first_batch(
    executor: ProcessPoolExecutor,
    planner: Planner,
    windows: list[tuple[int, int, list[int]]],
    blocks: Iterable[Pcm],
    progress: Progress | None,
) -> tuple[list[Job], Found]:
    """Decode `blocks` into the planner's audio, sending each window to the pool once its audio
    is in; then wait for them all."""
    pending = deque(windows)
    jobs: list[Job] = []
    running: set[Future[tuple[int, list[tuple[int, int]] | None]]] = set()
    results: Found = {}
    buffer = bytearray()

    def submit(final: bool) -> None:
        planner.pcm = buffer
        while pending and (final or pending[0][1] <= planner.duration_ms):
            job = planner.window(*pending.popleft())
            if job is not None:
                jobs.append(job)
                running.add(executor.submit(_run_job, job))

    def collect(timeout: float | None) -> None:
        nonlocal running
        done, running = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            index, times = future.result()
            results[index] = times
        if done and progress is not None:
            progress(len(results), len(windows))

    if progress is not None:
        progress(0, len(windows))
    for block in blocks:
        buffer += block.tobytes()
        submit(final=False)
        if running:
            collect(0)
    submit(final=True)
    while running:
        collect(None)
    if progress is not None:
        progress(len(windows), len(windows))
    return jobs, results


def _run_batch(
    executor: ProcessPoolExecutor, workers: int, jobs: list[Job], progress: Progress | None
) -> Found:
    """Run `jobs` on the pool, a bounded number in flight (memory stays flat on long media)."""
    found: Found = {}
    if progress is not None:
        progress(0, len(jobs))
    queue = iter(jobs)
    running: set[Future[tuple[int, list[tuple[int, int]] | None]]] = set()
    for job in queue:
        running.add(executor.submit(_run_job, job))
        if len(running) >= 4 * workers:
            break
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            index, times = future.result()
            found[index] = times
            following = next(queue, None)
            if following is not None:
                running.add(executor.submit(_run_job, following))
        if progress is not None:
            progress(len(found), len(jobs))
    return found
