"""Benchmark: auto-sync of damaged copies of the 42-minute sample talk against its recording.

samples/talk.opus is synthesized so each cue's speech starts on its timestamp in
samples/talk.srt: that file is the truth. The damaged copies are made with the `captions` CLI:
+3.2 s, -7.5 s, drift 25 -> 23.976 fps, +2 s before 10:00 and +6 s after, and the truth itself
(must come back unchanged). For each, the error of every cue start after sync (median, p95,
max, ms) and the time: the audio is decoded once and reused, so a case's `wall_s` is the shared
`decode_s` plus its own load + align + save. Targets: median <= 40 ms and p95 <= 100 ms for the
constant and drift cases; a whole sync under 10 s on 2 cores.

A baseline measured in the same run, PyAV decoding the file with no resampling or speech
detection, shows what decoding alone costs on this machine; CPU seconds and the load average
show whether the machine was busy. Prints one JSON object per line; the last is the summary.

    .venv/bin/python tests/bench/bench_sync.py [--media M] [--captions C]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import av
import numpy as np

from captions.cli import main as captions_cli
from captions.formats import dumps, load
from captions.sync import SyncOptions, decode_speech, sync

ROOT = Path(__file__).resolve().parents[2]
CASES = ("offset_plus", "offset_minus", "drift", "split", "unchanged")


def damage(truth: Path, out: Path, case: str) -> Path:
    """Make the damaged copy with the CLI, as a user would."""
    commands = {
        "offset_plus": [["shift", truth, out, "--by", "3.2s"]],
        "offset_minus": [["shift", truth, out, "--by", "-7.5s"]],
        "drift": [["retime", truth, out, "--fps", "25:23.976"]],
        # 10:00 of the talk is at 10:02 once everything moved by 2 s.
        "split": [
            ["shift", truth, out.with_suffix(".mid.srt"), "--by", "2s"],
            ["shift", out.with_suffix(".mid.srt"), out, "--by", "4s", "--from", "10:02"],
        ],
        "unchanged": [["convert", truth, out]],
    }
    for command in commands[case]:
        if captions_cli([str(part) for part in command]) != 0:
            raise SystemExit(f"captions {command[0]} failed")
    return out


def decode_only(media: Path) -> float:
    """Seconds PyAV takes just to decode the audio (no resampling, no speech detection)."""
    started = time.perf_counter()
    with av.open(str(media)) as container:
        for _ in container.decode(container.streams.audio[0]):
            pass
    return time.perf_counter() - started


def run_case(case: str, path: Path, truth: list[int], decode_s: float) -> dict[str, Any]:
    started = time.perf_counter()
    track = load(path)
    result = sync(track, speech, SyncOptions())
    track.apply_timing(result.timing)
    dumps(track, "srt")
    own = time.perf_counter() - started
    errors = np.abs(np.array(result.timing.starts) - np.array(truth))
    summary = {
        "median_ms": round(float(np.median(errors)), 1),
        "p95_ms": round(float(np.percentile(errors, 95)), 1),
        "max_ms": int(errors.max()),
        "wall_s": round(decode_s + own, 3),
        "decode_s": round(decode_s, 3),
        "align_s": round(result.align_s, 3),
    }
    detail = {
        "case": case,
        **summary,
        "unchanged": result.unchanged,
        "segments": [[s.source_start_ms, s.offset_ms, s.speed] for s in result.segments],
        "confidence": result.part_confidence,
        "moved": result.moved,
        "clamped": result.clamped,
    }
    print(json.dumps(detail), flush=True)
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=ROOT / "samples" / "talk.opus")
    parser.add_argument("--captions", type=Path, default=ROOT / "samples" / "talk.srt")
    args = parser.parse_args()

    baseline_s = decode_only(args.media)
    cpu = time.process_time()
    speech = decode_speech(args.media)
    decode_cpu = time.process_time() - cpu
    print(
        json.dumps(
            {
                "media_s": speech.duration_ms / 1000,
                "detector": speech.detector,
                "decode_s": round(speech.decode_s, 3),
                "decode_cpu_s": round(decode_cpu, 3),
                "pyav_decode_only_s": round(baseline_s, 3),
                "cores": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        ),
        flush=True,
    )
    truth_starts = list(load(args.captions).timing.starts)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            copy = damage(args.captions, Path(tmp) / f"{case}.srt", case)
            results[case] = run_case(case, copy, truth_starts, speech.decode_s)
    print(json.dumps(results))
