"""Benchmark: load and save of a 100,000-cue SRT and transcript, next to pysubs2 alone.

Prints one JSON object per line; the last line is the summary. Ratios against pysubs2 measured
in the same run are what matter (seconds do not travel across machines):
our SRT load within 1.3x of pysubs2's; transcript load no slower than pysubs2's SRT load of the
same cues; cue-at-time lookup under 20 µs at 100,000 cues; the lossless no-op save
(`lossless_save_s`) and shift-all-then-save (`shift_save_s`) no slower than pysubs2 saving
the same cues (`pysubs2_save_s`).

    .venv/bin/python tests/bench/bench_formats.py [--cues N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pysubs2

from captions.formats import load, save
from captions.timecode import format_time


def _srt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{frac:03d}"


def make_cues(n: int, seed: int = 1) -> list[tuple[int, int, str]]:
    """n back-to-back cues of 1-4 s with a sentence of text each."""
    rng = random.Random(seed)
    words = [
        "the",
        "quick",
        "brown",
        "fox",
        "jumps",
        "over",
        "a",
        "lazy",
        "dog",
        "while",
        "we",
        "talk",
        "about",
        "captions",
    ]
    cues: list[tuple[int, int, str]] = []
    t = 0
    for i in range(n):
        length = rng.randint(1000, 4000)
        text = f"{i}: " + " ".join(rng.choice(words) for _ in range(rng.randint(4, 12)))
        cues.append((t, t + length, text))
        t += length
    return cues


def write_srt(cues: list[tuple[int, int, str]], path: Path) -> None:
    parts = [
        f"{i}\n{_srt_time(s)} --> {_srt_time(e)}\n{text}\n"
        for i, (s, e, text) in enumerate(cues, start=1)
    ]
    path.write_text("\n".join(parts), encoding="utf-8")


def write_transcript(cues: list[tuple[int, int, str]], path: Path) -> None:
    path.write_text(
        "".join(f"[{format_time(s)}]\n{text}\n" for s, _, text in cues), encoding="utf-8"
    )


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs of fn (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cues", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args(argv)
    cues = make_cues(args.cues)
    r = args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        srt, txt = folder / "bench.srt", folder / "bench.txt"
        write_srt(cues, srt)
        write_transcript(cues, txt)

        # Interleave ours and pysubs2's so machine noise hits both alike.
        pysubs2_srt_load = median_time(lambda: pysubs2.load(str(srt), encoding="utf-8"), r)
        srt_load = median_time(lambda: load(srt), r)
        transcript_load = median_time(lambda: load(txt), r)
        pysubs2_srt_load_2 = median_time(lambda: pysubs2.load(str(srt), encoding="utf-8"), r)
        pysubs2_srt_load = min(pysubs2_srt_load, pysubs2_srt_load_2)

        subs = pysubs2.load(str(srt), encoding="utf-8")
        track = load(srt)
        ttrack = load(txt)
        pysubs2_srt_save = median_time(lambda: subs.save(str(folder / "p.srt")), r)
        srt_save = median_time(lambda: save(track, folder / "o.srt"), r)
        transcript_save = median_time(lambda: save(ttrack, folder / "o.txt"), r)

        assert len(track) == len(ttrack) == args.cues

        # The lossless layer: a no-op save, and a shift of every cue then a save, next to
        # pysubs2 saving the same cues (interleaved as above).
        from captions.timing import shift as shift_timing

        shifted = load(srt)
        shifted.apply_timing(shift_timing(shifted.timing, 1500).timing)
        pysubs2_save_1 = median_time(lambda: subs.save(str(folder / "p.srt")), r)
        lossless_save = median_time(lambda: save(track, folder / "l.srt", encoding=None), r)
        shift_save = median_time(lambda: save(shifted, folder / "s.srt", encoding=None), r)
        pysubs2_save_2 = median_time(lambda: subs.save(str(folder / "p.srt")), r)
        pysubs2_save = min(pysubs2_save_1, pysubs2_save_2)
        assert (folder / "l.srt").read_bytes() == srt.read_bytes()

        index_build = median_time(lambda: (track.changed(), track.index), r)
        rng = random.Random(2)
        end = cues[-1][1]
        times = [rng.randrange(-1000, end + 1000) for _ in range(args.lookups)]
        cue_at = track.cue_at
        start = time.perf_counter()
        for t in times:
            cue_at(t)
        lookup_us = (time.perf_counter() - start) / len(times) * 1e6

    result = {
        "srt_load_s": round(srt_load, 4),
        "pysubs2_srt_load_s": round(pysubs2_srt_load, 4),
        "transcript_load_s": round(transcript_load, 4),
        "lookup_us": round(lookup_us, 3),
        "srt_save_s": round(srt_save, 4),
        "pysubs2_srt_save_s": round(pysubs2_srt_save, 4),
        "transcript_save_s": round(transcript_save, 4),
        "index_build_s": round(index_build, 4),
        "lossless_save_s": round(lossless_save, 4),
        "shift_save_s": round(shift_save, 4),
        "pysubs2_save_s": round(pysubs2_save, 4),
        "srt_load_ratio": round(srt_load / pysubs2_srt_load, 3),
        "transcript_load_ratio": round(transcript_load / pysubs2_srt_load, 3),
        "cues": args.cues,
        "repeat": r,
    }
    targets = {
        "srt_load_within_1.3x": result["srt_load_ratio"] <= 1.3,
        "transcript_load_not_slower": result["transcript_load_ratio"] <= 1.0,
        "lookup_under_20us": lookup_us < 20,
        "lossless_save_not_slower": lossless_save <= pysubs2_save,
        "shift_save_not_slower": shift_save <= pysubs2_save,
    }
    print(json.dumps({"targets": targets}))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
