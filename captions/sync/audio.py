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
from captions.sync.resample import Resampled
from captions.sync.segments import decode_segments, plan
from captions.sync.vad import FRAME, RATE, Detector, Pcm, make_detector

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


def _audio_stream(container: Any, media: Path) -> Any:
    if not container.streams.audio:
        raise SyncError("no audio track (give the recording, not a text or image file)", path=media)
    return container.streams.audio[0]


def decode_pcm(
    media: Path, progress: Progress | None = None, *, workers: int | None = None
) -> Iterator[Pcm]:
    """Yield the first audio track of `media` as 16 kHz mono int16 blocks.

    A long track is decoded by segments in `workers` processes, this one included (default: two
    where a second core is free; 1 for one pass), joined so the PCM is exactly a one-pass
    decode's (`captions.sync.segments`).
    """
    media = Path(media)
    with _open(media) as container:
        stream = _audio_stream(container, media)
        total = _duration_s(container, stream)
        try:
            line = plan(media, stream, total, workers)
        except av.error.FFmpegError as exc:
            raise SyncError(f"cannot decode the audio ({exc.strerror or exc})", path=media) from exc
    try:
        if line is None:
            yield from _one_pass(media, progress)
        else:
            onward = _onward(progress)
            yield from decode_segments(
                media, line, onward, lambda skip: _one_pass(media, onward, skip)
            )
    except av.error.FFmpegError as exc:
        raise SyncError(f"cannot decode the audio ({exc.strerror or exc})", path=media) from exc
    except ValueError as exc:
        raise SyncError(f"cannot decode the audio ({exc})", path=media) from exc


def _onward(progress: Progress | None) -> Progress | None:
    """`progress` given only fractions above the last (a fallback pass counts from 0)."""
    if progress is None:
        return None
    best = 0.0

    def report(done: float) -> None:
        nonlocal best
        if done > best:
            best = done
            progress(done)

    return report


def _one_pass(media: Path, progress: Progress | None, skip: int = 0) -> Iterator[Pcm]:
    """The whole track decoded in order, without its first `skip` 16 kHz samples."""
    with _open(media) as container:
        stream = _audio_stream(container, media)
        total = _duration_s(container, stream)
        # Progress from timestamps as floats (`frame.time` is Fraction arithmetic per frame).
        tick = float(stream.time_base) / total if progress is not None and total else 0.0
        resampled = Resampled()
        reported = 0.0
        for frame in container.decode(stream):
            pts = frame.pts  # before `write`, which clears it
            blocks = resampled.write(frame)
            if progress is not None and tick and pts is not None:
                done = min(1.0, pts * tick)
                if done - reported >= _PROGRESS_STEP:
                    reported = done
                    progress(done)
            if blocks:
                blocks, skip = _skipped(blocks, skip)
                yield from blocks
        blocks, skip = _skipped(resampled.finish(), skip)
        yield from blocks


def _skipped(blocks: list[Pcm], skip: int) -> tuple[list[Pcm], int]:
    """`blocks` without their first `skip` samples, and how many are still to skip after."""
    if not skip:
        return blocks, 0
    kept = []
    for block in blocks:
        if skip >= len(block):
            skip -= len(block)
        else:
            kept.append(block[skip:])
            skip = 0
    return kept, skip


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
    media: Path,
    progress: Progress | None = None,
    *,
    aggressiveness: int = 2,
    workers: int | None = None,
) -> SpeechSignal:
    """Decode `media` and detect speech in it, 10 ms at a time.

    Raises SyncError when the file cannot be read or has no audio track. `progress` gets the
    fraction of the media decoded (0..1), from the calling thread; an exception raised in it
    stops the decoding (how a UI cancels) and propagates. `workers` as for `decode_pcm`.
    """
    started = time.perf_counter()
    detector = make_detector(aggressiveness)
    energy = BandEnergy()

    def measured(blocks: Iterator[Pcm]) -> Iterator[Pcm]:
        for block in blocks:
            energy.feed(block)
            yield block

    blocks = decode_pcm(Path(media), progress, workers=workers)
    samples, _ = detect_speech(measured(blocks), detector)
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
