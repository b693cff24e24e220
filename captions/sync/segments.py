"""Decode a long audio track on two cores, in segments joined exactly where they meet.

Decoding takes most of an envelope's time (the 42-minute Opus talk: 2.5 s of 3.3 s). The
calling process decodes segments of about `SEGMENT_S` from the first on as it analyses them
in order; a worker process (`segment_worker`) decodes them from the last backwards meanwhile,
and the two meet where each has done its share (this process also runs the analysis, the
worker first starts up: a fixed alternation left one or the other waiting). Not threads:
PyAV releases the GIL in the codec, but two decoding threads hand it over at every 20 ms
frame, and that cost as much CPU as the second core saved (measured: 2 x the talk on two
threads took 4.5 s wall and 7.4 s CPU, against 2.6 s for one).

A segment after the first starts at a sample boundary of the 16 kHz output. Its decoding starts
`PREROLL_S` before it (decoders need earlier packets to reach the state of a decode from the
start: on the talk, 400 random seeks agreed with the one-pass decode to the sample within
3.9 s at most), and its resampler `WARMUP_S` before it, on an input sample that is a whole
number of rate periods (so the filter phase is the one pass's). Timestamps place the frames:
they must fall on a sample and run on without a gap, or the segment cannot be placed. The
segment before decodes `OVERLAP` samples past the join, and the join is taken only where those
equal the next segment's first samples. Where any of that fails (or a segment's decoding fails:
a seek can fail where a decode from the start does not), the rest is decoded in one pass from
the start (the part already given skipped). What is checked is those OVERLAP samples: a decoder
still off the one pass's state after PREROLL_S that agreed for 0.25 s and differed later would
go unseen (the talk's joins are checked whole in tests/unit/test_decode_segments.py).
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from captions.sync.resample import Resampled
from captions.sync.vad import RATE, Pcm

#: Segments are about this long (media seconds).
SEGMENT_S = 240.0
#: At most this much (media seconds) of the worker's decoded PCM is held at a time (115 MB
#: an hour): on longer media the worker stops short and this process decodes the rest.
MAX_HELD_S = 3600.0
#: Shorter media is decoded in one pass (two threads would save little).
MIN_PARALLEL_S = 120.0
#: A segment's decoding starts this long before its first sample.
PREROLL_S = 10.0
#: ... and its resampling this long before it (the filter spans about 100 input samples).
WARMUP_S = 0.1
#: Samples (16 kHz) decoded past each join and compared with the next segment's first ones.
OVERLAP = RATE // 4

Progress = Callable[[float], None]


class NotExact(Exception):
    """A segment could not be placed to the sample (timestamps off a sample, or a gap)."""


@dataclass(frozen=True)
class Timeline:
    """Where the segments of one audio track start, and how its timestamps count samples."""

    rate: int  # input sample rate
    num: int  # input samples per timestamp tick: num / den
    den: int
    base: int  # input sample index (from timestamps) of the first decoded sample
    joins: tuple[int, ...]  # 16 kHz index where each segment starts; joins[0] == 0
    workers: int
    samples: int  # 16 kHz samples expected in all (from the duration: for progress)
    preroll_s: float = PREROLL_S

    @property
    def up(self) -> int:
        return RATE // math.gcd(RATE, self.rate)

    @property
    def down(self) -> int:
        return self.rate // math.gcd(RATE, self.rate)


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """2 where a second core is free, else 1: on a busy machine (load average within half a
    core of the cores) a second decoder only adds its overhead (measured on the talk at load
    3 on 2 cores: 8.0 s against 6.6 s in one pass)."""
    cores = available_cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not Unix
        load = 0.0
    return 2 if cores >= 2 and load < cores - 0.5 else 1


def plan(media: Path, stream: Any, total_s: float | None, workers: int | None) -> Timeline | None:
    """The segments for `stream` of `media`, or None when one pass is the way (one worker,
    short or unknown duration, timestamps that do not count samples)."""
    workers = default_workers() if workers is None else workers
    rate = stream.codec_context.sample_rate
    if workers < 2 or not total_s or total_s < MIN_PARALLEL_S or not rate or not stream.time_base:
        return None
    per_tick = Fraction(stream.time_base) * rate
    with av.open(str(media)) as container:
        first = next(container.decode(container.streams.audio[0]), None)
    if first is None or first.pts is None or (first.pts * per_tick).denominator != 1:
        return None
    up = RATE // math.gcd(RATE, rate)
    count = max(workers, math.ceil(total_s / SEGMENT_S))
    step = int(total_s * RATE / count) // up * up
    return Timeline(
        rate=rate,
        num=per_tick.numerator,
        den=per_tick.denominator,
        base=int(first.pts * per_tick),
        joins=tuple(k * step for k in range(count)),
        workers=workers,
        samples=int(total_s * RATE),
    )


Item = tuple[str, Pcm]  # ("pcm", block up to the next join) or ("tail", block past it)


def decode_segment(media: Path, line: Timeline, k: int) -> tuple[str, list[Item]]:
    """Segment `k` whole, in a worker process: ("ok", items), else ("<why not>", [])."""
    try:
        return "ok", list(_segment_items(media, line, k))
    except (NotExact, av.error.FFmpegError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}", []


def _segment_items(media: Path, line: Timeline, k: int) -> Iterator[Item]:
    """Segment `k`'s 16 kHz blocks: "pcm" up to the next join, then "tail" (OVERLAP)."""
    first_out = line.joins[k]
    join = line.joins[k + 1] if k + 1 < len(line.joins) else None
    end_out = None if join is None else join + OVERLAP
    warm = math.ceil(WARMUP_S * line.rate / line.down) * line.down
    resample_from = max(0, first_out * line.down // line.up - warm)
    produced = resample_from * line.up // line.down  # 16 kHz index of the next output
    resampled = Resampled()

    def cut(blocks: list[Pcm]) -> Iterator[Item]:
        nonlocal produced
        for block in blocks:
            lo, hi = produced, produced + len(block)
            produced = hi
            upto = hi if join is None else min(hi, join)
            if upto > max(lo, first_out):
                yield "pcm", block[max(lo, first_out) - lo : upto - lo]
            if end_out is not None and join is not None and hi > join and lo < end_out:
                yield "tail", block[max(lo, join) - lo : min(hi, end_out) - lo]

    with av.open(str(media)) as container:
        stream = container.streams.audio[0]
        start = resample_from - int(line.preroll_s * line.rate)
        if k and start > 0:
            tick = (start + line.base) * line.den // line.num
            container.seek(tick, stream=stream, backward=True)
        at: int | None = None  # input index (from the first sample) the next frame must have
        for frame in container.decode(stream):
            scaled = None if frame.pts is None else frame.pts * line.num
            if scaled is None or scaled % line.den:
                raise NotExact(f"timestamp {frame.pts} is not on a sample")
            index = scaled // line.den - line.base
            if (at is None and index > resample_from) or (at is not None and index != at):
                raise NotExact(f"samples at {index}, expected {at or resample_from}")
            at = index + frame.samples
            if at > resample_from:
                blocks = resampled.write(frame, max(0, resample_from - index))
                if blocks:
                    yield from cut(blocks)
                if end_out is not None and produced >= end_out:
                    return
        yield from cut(resampled.finish())
    if k and at is None:
        raise NotExact("no audio after the seek")


class _Worker:
    """A worker process decoding the segments it is asked for, in the order asked; a thread
    reads its answers as they come. Segments it cannot answer (it did not start, or died) are
    decoded here."""

    def __init__(self, media: Path, line: Timeline) -> None:
        self._media, self._line = media, line
        self._proc: subprocess.Popen[bytes] | None = None
        self._answers: queue.SimpleQueue[tuple[str, list[Item]] | None] = queue.SimpleQueue()
        self._waiting: deque[int] = deque()  # asked, not yet answered, in the order asked
        self._got: dict[int, tuple[str, list[Item]]] = {}
        self._reader: threading.Thread | None = None
        if not sys.executable:
            return
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "captions.sync.segment_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            return
        self._reader = threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stdout: Any) -> None:
        while True:
            try:
                self._answers.put(pickle.load(stdout))
            except Exception:  # a truncated or bad stream: the worker is gone, say so
                self._answers.put(None)
                return

    @property
    def held(self) -> int:
        """Segments asked for and not yet taken."""
        return len(self._waiting) + len(self._got)

    @property
    def busy(self) -> int:
        """Segments asked for and not yet answered (-1 when the worker is gone)."""
        return len(self._waiting) if self._proc is not None else -1

    def ask(self, k: int) -> bool:
        """Ask for segment k; False when the worker is gone."""
        if self._proc is None or self._proc.stdin is None:
            return False
        try:
            pickle.dump((self._media, self._line, k), self._proc.stdin)
            self._proc.stdin.flush()
        except OSError:
            self.close()
            return False
        self._waiting.append(k)
        return True

    def collect(self, wait_for: int | None = None) -> None:
        """Take the answers that have come; with `wait_for`, wait until that one has."""
        while self._waiting:
            try:
                answer = self._answers.get(block=wait_for in self._waiting)
            except queue.Empty:
                return
            k = self._waiting.popleft()
            if answer is None:  # it died: what it was asked for is decoded here
                self.close()
                return
            self._got[k] = answer

    def take(self, k: int) -> tuple[str, list[Item]] | None:
        """Segment k's answer (waited for), or None: decode it here."""
        if k in self._waiting:
            self.collect(wait_for=k)
        return self._got.pop(k, None)

    def close(self) -> None:
        """Stop the worker (it may be mid-segment when the caller stops early)."""
        self._waiting.clear()
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            if self._reader is not None:
                self._reader.join()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
            self._proc = None


def decode_segments(
    media: Path,
    line: Timeline,
    progress: Progress | None,
    one_pass_from: Callable[[int], Iterator[Pcm]],
) -> Iterator[Pcm]:
    """The 16 kHz PCM of `media`'s first audio track, by segments: this process decodes them
    from the first on, as they are consumed; a worker process decodes them from the last
    backwards, one at a time while it is ahead, and they meet where both have done as much
    (the worker has no VAD to run, this process has its startup to spare). At most
    `MAX_HELD_S` of the worker's PCM waits in memory. `one_pass_from(n)` yields a one-pass
    decode without its first n samples (the fallback). `progress` gets the fraction
    yielded, from the calling thread."""
    count = len(line.joins)
    total = max(1, line.samples)
    consumed = 0
    reported = 0.0
    exact = True
    worker = _Worker(media, line)
    backwards = count - 1  # the next segment the worker may be asked for
    max_held = max(1, int(MAX_HELD_S // SEGMENT_S))

    def keep_busy(here: int) -> None:
        """Ask the worker for the next segment from the end while it has fewer than two to
        do and that segment lies beyond the one after `here` (what this process decodes);
        of two segments, the worker has the second from the start (else it had none)."""
        nonlocal backwards
        worker.collect()
        beyond = min(here + 1, count - 2)
        while 0 <= worker.busy < 2 and backwards > beyond and worker.held < max_held:
            if not worker.ask(backwards):
                return
            backwards -= 1

    def items(k: int) -> Iterator[Item]:
        answer = worker.take(k)
        if answer is None:  # decoded here: as it is consumed
            try:
                yield from _segment_items(media, line, k)
            except (av.error.FFmpegError, ValueError) as exc:
                # A seek can fail where a decode from the start does not: the one pass says.
                raise NotExact(str(exc)) from exc
            return
        status, done = answer
        if status != "ok":
            raise NotExact(status)
        yield from done

    try:
        keep_busy(0)
        tail = np.zeros(0, dtype=np.int16)
        for k in range(count):
            head: list[Pcm] = []
            held = 0
            next_tail: list[Pcm] = []
            for kind, block in items(k):
                keep_busy(k)
                if kind == "tail":
                    next_tail.append(block)
                    continue
                if k and held < OVERLAP:  # the join is checked before this segment is used
                    head.append(block)
                    held += len(block)
                    if held < OVERLAP:
                        continue
                    block = np.concatenate(head)
                    if not np.array_equal(block[:OVERLAP], tail):
                        raise NotExact("the segments differ where they join")
                consumed += len(block)
                yield block
                if progress is not None and consumed / total - reported >= 0.01:
                    reported = min(1.0, consumed / total)
                    progress(reported)
            if k and held < OVERLAP:  # a segment shorter than the overlap (the last)
                block = np.concatenate(head) if head else tail[:0]
                if not np.array_equal(block, tail[: len(block)]):
                    raise NotExact("the segments differ where they join")
                consumed += len(block)
                yield block
            tail = np.concatenate(next_tail) if next_tail else tail[:0]
    except NotExact:
        exact = False
    finally:
        worker.close()
    if not exact:
        yield from one_pass_from(consumed)
