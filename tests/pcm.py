"""Test audio as files: samples written as a 16 kHz mono 16-bit WAV, and the first samples of a
recording decoded (the excerpts of samples/talk.opus the sync, envelope and auto-sync tests
cut)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from captions.sync.audio import decode_pcm

RATE = 16_000
TALK = Path(__file__).resolve().parents[1] / "samples" / "talk.opus"


def write_wav(path: Path, pcm: np.ndarray) -> Path:
    """`pcm` (samples at RATE) as a mono 16-bit WAV at `path`."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.astype(np.int16).tobytes())
    return path


def first_samples(media: Path, count: int) -> np.ndarray:
    """The first `count` samples of `media`, decoded to 16 kHz mono (decoding stops there)."""
    blocks: list[np.ndarray] = []
    have = 0
    for block in decode_pcm(media):
        blocks.append(block)
        have += len(block)
        if have >= count:
            break
    return np.concatenate(blocks)[:count]


def talk_excerpt(path: Path, ms: int) -> Path:
    """The first `ms` of samples/talk.opus as a WAV at `path`."""
    return write_wav(path, first_samples(TALK, ms * RATE // 1000))
