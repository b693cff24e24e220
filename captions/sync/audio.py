"""Decode a media file's audio (any container or codec FFmpeg knows, video files included)
to 16 kHz mono int16 PCM with PyAV, and turn it into a 10 ms speech signal (with the 1 ms
speech-band energy that places onsets within a frame)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np

from captions.paths import path_kind
from captions.sync.model import FRAME_MS, SpeechSignal, SyncError
from captions.sync.onset import BandEnergy
from captions.sync.vad import FRAME, RATE, Detector, Pcm, make_detector

#: Decoded audio is resampled in blocks of this many input samples (fewer, bigger calls).
_BLOCK_SAMPLES = 480_000
#: Report progress at most this often (fraction of the media).
_PROGRESS_STEP = 0.01

Progress = Callable[[float], None]


def _open(media: Path) -> Any:
    if not media.exists():
        raise SyncError("no such file", path=media)
    if media.is_dir():
        raise SyncError("is a directory, not a media file", path=media)
    kind = path_kind(media)
    if kind is not None:  # a FIFO would block the open; a device would be read endlessly
        raise SyncError(f"is {kind}, not a media file", path=media)
    try:
        return av.open(str(media))
    except av.error.FFmpegError as exc:
        raise SyncError("not a media file FFmpeg can read", path=media) from exc
    except (OSError, ValueError, UnicodeError) as exc:
        raise SyncError(f"cannot open media ({exc})", path=media) from exc


def _duration_s(container: Any, stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return None


def decode_pcm(media: Path, progress: Progress | None = None) -> Iterator[Pcm]:
    """Yield the first audio track of `media` as 16 kHz mono int16 blocks."""
    container = _open(media)
    with container:
        if not container.streams.audio:
            raise SyncError("no audio track", path=media)
        stream = container.streams.audio[0]
        total = _duration_s(container, stream)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        fifo = av.AudioFifo()
        reported = 0.0

        def convert(frame: Any) -> Iterator[Pcm]:
            for out in resampler.resample(frame):
                yield out.to_ndarray().reshape(-1).astype(np.int16, copy=False)

        try:
            for frame in container.decode(stream):
                # The FIFO checks that timestamps run on to the sample, which Matroska's 1 ms
                # ticks do not (it raised "Frame.pts (14) != expected (13)"): the samples are
                # taken as consecutive (a real gap in a file's timestamps is not filled).
                at = frame.time
                frame.pts = None
                fifo.write(frame)
                if fifo.samples >= _BLOCK_SAMPLES:
                    yield from convert(fifo.read(_BLOCK_SAMPLES))
                    if progress is not None and total and at is not None:
                        done = min(1.0, at / total)
                        if done - reported >= _PROGRESS_STEP:
                            reported = done
                            progress(done)
            if fifo.samples:
                yield from convert(fifo.read())
            yield from convert(None)
        except av.error.FFmpegError as exc:
            raise SyncError(f"cannot decode the audio ({exc.strerror or exc})", path=media) from exc
        except ValueError as exc:
            raise SyncError(f"cannot decode the audio ({exc})", path=media) from exc


def detect_speech(blocks: Iterator[Pcm], detector: Detector) -> tuple[int, int]:
    """Feed PCM blocks to `detector` in whole frames; return (samples, frames) seen."""
    carry = np.zeros(0, dtype=np.int16)
    samples = 0
    for block in blocks:
        samples += len(block)
        pcm = np.concatenate((carry, block)) if len(carry) else block
        whole = len(pcm) - len(pcm) % FRAME
        if whole:
            detector.feed(pcm[:whole])
        carry = pcm[whole:]
    if len(carry):
        detector.feed(np.concatenate((carry, np.zeros(FRAME - len(carry), dtype=np.int16))))
    return samples, -(-samples // FRAME)


def decode_speech(
    media: Path, progress: Progress | None = None, *, aggressiveness: int = 2
) -> SpeechSignal:
    """Decode `media` and detect speech in it, 10 ms at a time.

    Raises SyncError when the file cannot be read or has no audio track. `progress` gets the
    fraction of the media decoded (0..1), from the calling thread; an exception raised in it
    stops the decoding (how a UI cancels) and propagates.
    """
    started = time.perf_counter()
    detector = make_detector(aggressiveness)
    energy = BandEnergy()

    def measured(blocks: Iterator[Pcm]) -> Iterator[Pcm]:
        for block in blocks:
            energy.feed(block)
            yield block

    samples, _ = detect_speech(measured(decode_pcm(Path(media), progress)), detector)
    if samples == 0:
        raise SyncError("the audio track is empty", path=media)
    flags = detector.finish()
    if progress is not None:
        progress(1.0)
    return SpeechSignal(
        speech=flags,
        duration_ms=samples * 1000 // RATE,
        decode_s=time.perf_counter() - started,
        detector=detector.name,
        band_energy=energy.finish(),
    )


__all__ = ["FRAME_MS", "decode_pcm", "decode_speech"]
