"""Decoded audio frames to 16 kHz mono int16 blocks: PyAV's AudioFifo gathers the frames into
blocks (one resampler call per block, not per 20 ms frame: a third of the cost) and its
AudioResampler (libswresample) converts them. The output does not depend on the block size."""

from __future__ import annotations

from typing import Any

import av
import numpy as np

from captions.sync.heap import keep_freed_memory
from captions.sync.vad import RATE, Pcm

#: Decoded audio is resampled in blocks of this many input samples.
BLOCK_SAMPLES = 96_000


class Resampled:
    """Frames in (any rate and layout), 16 kHz mono int16 blocks out."""

    def __init__(self) -> None:
        keep_freed_memory()
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        self._fifo = av.AudioFifo()

    def write(self, frame: Any, skip: int = 0) -> list[Pcm]:
        """Add `frame` (without its first `skip` samples); the blocks now complete (mostly
        none: a list, not a generator, as this runs for every 20 ms frame)."""
        # The FIFO checks that timestamps run on to the sample, which Matroska's 1 ms ticks do
        # not (it raised "Frame.pts (14) != expected (13)"): the samples are taken as
        # consecutive (a real gap in a file's timestamps is not filled).
        frame.pts = None
        fifo = self._fifo
        fifo.write(frame)
        if skip:
            fifo.read(skip)
        if fifo.samples < BLOCK_SAMPLES:
            return []
        blocks: list[Pcm] = []
        while fifo.samples >= BLOCK_SAMPLES:
            blocks.extend(self._convert(fifo.read(BLOCK_SAMPLES)))
        return blocks

    def finish(self) -> list[Pcm]:
        """The rest: what the FIFO holds, then the resampler's own tail."""
        blocks = self._convert(self._fifo.read()) if self._fifo.samples else []
        return blocks + self._convert(None)

    def _convert(self, frame: Any) -> list[Pcm]:
        return [
            out.to_ndarray().reshape(-1).astype(np.int16, copy=False)
            for out in self._resampler.resample(frame)
        ]
