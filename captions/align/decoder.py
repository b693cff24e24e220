"""pocketsphinx in the worker processes: the English model and dictionary, one decoder per
worker (made once, reused for every window), and the alignment of one window's words.

The model's feat.params set the front end (`-cmn batch`, `-remove_noise yes`) and override
the same options given to `Decoder(...)`; beams and `topn` are ours. Measured on the MFA clips
and not taken: `frate=200` (the model's HMMs are trained at 100 frames/s: cue starts 24 ms
instead of 16, twice the CPU), `topn=1` (15 % less CPU, starts 17.5 ms, more failed windows),
narrower beams or `maxhmmpf` (no faster: acoustic scoring dominates), `silprob`, `fillprob`, `lw`
(no better), `-remove_noise no` (starts 24.5 ms).

Each window gets a small deterministic dither, as pocketsphinx finds no path through digital
silence ("does not match the grammar"); a window with no path is tried again with wide beams,
which is cheap on a few seconds of audio.
"""

from __future__ import annotations

import dataclasses
import signal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from captions.align.plan import Job

RATE = 16_000
FRAME_MS = 10
#: Dither: Gaussian noise of this standard deviation (16-bit sample units).
DITHER = 2.0

Pcm = npt.NDArray[np.int16]
#: A window's result: its job's index and each word's (start_ms, end_ms), None on failure.
JobResult = tuple[int, list[tuple[int, int]] | None]


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


#: Beams of the retry when the default ones find no path (hoarse or fast speech): fine on a
#: window of a few seconds, which is why alignment is done cue by cue.
WIDE_BEAMS: dict[str, Any] = {"beam": 1e-120, "pbeam": 1e-120, "wbeam": 1e-100}

_decoders: dict[str, Any] = {}
_pronunciations: dict[str, str] = {}


def start_worker(pronunciations: dict[str, str]) -> None:
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
        # The front end's noise estimate (`-remove_noise`, the model's feat.params) carries over
        # from the last utterance: without a reset a window's words depended on which windows
        # its worker had done before (measured: one cue start moved 130 ms). A fresh one per
        # window makes each result the window's own.
        decoder.reinit_feat()
        decoder.set_align_text(" ".join(job.words + job.tail))
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
    said = said[: len(said) - len(job.tail)]  # the guard's times are not kept
    if [word for word, _, _ in said] != list(job.words):
        return None
    return [(start, end) for _, start, end in said]


def run_job(job: Job) -> JobResult:
    """Align one window in this worker: without its guard words when they find no path (the
    next cue's speech may not be in the window after all), then with wide beams."""
    times = align_words(_decoders["default"], job)
    if times is None and job.tail:
        job = dataclasses.replace(job, tail=())
        times = align_words(_decoders["default"], job)
    if times is None:
        if "wide" not in _decoders:
            _decoders["wide"] = make_decoder(_pronunciations, wide=True)
        times = align_words(_decoders["wide"], job)
    return job.index, times
