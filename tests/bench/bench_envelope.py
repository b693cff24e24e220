"""Benchmark: the speech envelope of the 42-minute talk, computed and reopened from the cache.

- baseline: PyAV decoding the file with no resampling and no analysis (what decoding alone
  costs on this machine, measured in the same run, interleaved with the envelope runs);
- compute: `compute_envelope` (decode, resample to 16 kHz, loudness and webrtcvad per 10 ms,
  the 1 ms band energy and the onsets placed with it), decoding by segments in two processes
  (`captions.sync.segments`) where a second core is free (the load average is under cores -
  0.5: each run says which it took, `compute_workers`; `--workers 2` takes two whatever the
  load);
- single_pass: the same decoding in one pass (`workers=1`: what compute cost before), in the
  same run, interleaved (leave it out with --no-single-pass);
- reopen: `EnvelopeCache.load` of the stored envelope plus its onsets, in a fresh cache object;
- draw: one strip picture, 120 columns, 3 bar rows (what a window turn costs);
- snap: every cue start of samples/talk.srt (the truth: the talk's speech starts exactly there)
  moved by a random -400..+400 ms, then snapped to speech; the error before and after.

Wall and CPU seconds (this process and its worker processes) are given with the load average:
the machine is shared, so compare against the baselines. Targets: compute <= 3 s, reopen <= 50 ms.
Prints one JSON object per line; the last is the summary.

    .venv/bin/python tests/bench/bench_envelope.py [--media M] [--repeat 3] [--no-single-pass]
        [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
import pysubs2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from captions.speech.cache import EnvelopeCache  # noqa: E402
from captions.speech.envelope import Envelope, compute_envelope  # noqa: E402
from captions.speech.snap import snap_start  # noqa: E402
from captions.speech.strip import StripWindow, draw  # noqa: E402
from captions.sync.segments import default_workers  # noqa: E402
from captions.track import Timing  # noqa: E402


def cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(fn: object) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), cpu_s()
    result = fn()  # type: ignore[operator]
    return time.perf_counter() - wall, cpu_s() - cpu, result


def decode_only(media: Path) -> int:
    samples = 0
    with av.open(str(media)) as container:
        for frame in container.decode(container.streams.audio[0]):
            samples += frame.samples
    return samples


def snap_errors(envelope: Envelope) -> tuple[dict[str, float], dict[str, float]]:
    """Start errors (ms) of the talk's cues moved at random, before and after snapping."""
    events = pysubs2.load(str(ROOT / "samples" / "talk.srt")).events
    starts, ends = [e.start for e in events], tuple(e.end for e in events)
    rng = np.random.default_rng(11)
    before, after = [], []
    for i, truth in enumerate(starts):
        moved = max(0, truth + int(rng.integers(-400, 401)))
        timing = Timing((*starts[:i], moved, *starts[i + 1 :]), ends)
        edit = snap_start(timing, i, envelope)
        before.append(abs(moved - truth))
        after.append(abs((edit.after.starts[i] if edit else moved) - truth))

    def summary(errors: list[int]) -> dict[str, float]:
        values = np.array(errors)
        return {
            "median": float(np.median(values)),
            "p95": float(np.percentile(values, 95)),
            "within_30ms": round(float(np.mean(values <= 30)), 3),
        }

    return summary(before), summary(after)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--media", type=Path, default=ROOT / "samples" / "talk.opus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-single-pass", action="store_true", help="leave out the one-pass comparison"
    )
    parser.add_argument(
        "--workers", type=int, help="decoding processes for compute (default: by the load)"
    )
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, float]]] = {"decode": [], "compute": [], "single_pass": []}
    envelope = None
    for run in range(args.repeat):
        wall, cpu, _ = timed(lambda: decode_only(args.media))
        rows["decode"].append((wall, cpu))
        workers = args.workers or default_workers()
        wall, cpu, envelope = timed(lambda w=workers: compute_envelope(args.media, workers=w))
        rows["compute"].append((wall, cpu))
        line = {
            "run": run,
            "compute_workers": workers,
            "decode_wall_s": round(rows["decode"][-1][0], 3),
            "decode_cpu_s": round(rows["decode"][-1][1], 3),
            "compute_wall_s": round(wall, 3),
            "compute_cpu_s": round(cpu, 3),
        }
        if not args.no_single_pass:
            wall, cpu, single = timed(lambda: compute_envelope(args.media, workers=1))
            rows["single_pass"].append((wall, cpu))
            assert isinstance(single, Envelope) and isinstance(envelope, Envelope)
            absent = np.zeros(0)  # older envelopes had no band energy
            same = all(
                np.array_equal(getattr(single, name, absent), getattr(envelope, name, absent))
                for name in ("level", "speech", "band_energy", "onsets_ms")
            )
            line.update(
                single_pass_wall_s=round(wall, 3),
                single_pass_cpu_s=round(cpu, 3),
                same_envelope=bool(same),
            )
        print(json.dumps({**line, "load": os.getloadavg()[0]}), flush=True)
    assert isinstance(envelope, Envelope)
    with tempfile.TemporaryDirectory() as tmp:
        EnvelopeCache(Path(tmp)).store(args.media, envelope)
        reopen = []
        for _ in range(20):
            wall, _cpu, loaded = timed(lambda: EnvelopeCache(Path(tmp)).load(args.media))
            assert loaded is not None
            started = time.perf_counter()
            loaded.onsets_ms  # noqa: B018 - computed on first use: part of reopening
            reopen.append(wall + time.perf_counter() - started)
        size = next(Path(tmp).glob("*.env")).stat().st_size
    draws = []
    for i in range(200):
        started = time.perf_counter()
        draw(
            envelope,
            StripWindow(i * 7_000, 10_000, 120),
            rows=3,
            active=(i * 7_000, i * 7_000 + 3_000),
        )
        draws.append(time.perf_counter() - started)

    snap_before, snap_after = snap_errors(envelope)

    def med(name: str, which: int) -> float:
        return round(statistics.median(r[which] for r in rows[name]), 3)

    summary = {
        "media_s": round(envelope.duration_ms / 1000, 1),
        "frames": envelope.frames,
        "onsets": len(envelope.onsets_ms),
        "baseline_decode_wall_s": med("decode", 0),
        "baseline_decode_cpu_s": med("decode", 1),
        "compute_wall_s": med("compute", 0),
        "compute_cpu_s": med("compute", 1),
        "compute_over_decode_wall": round(med("compute", 0) / med("decode", 0), 2),
        "compute_over_decode_cpu": round(med("compute", 1) / med("decode", 1), 2),
        **(
            {
                "single_pass_wall_s": med("single_pass", 0),
                "single_pass_cpu_s": med("single_pass", 1),
                "compute_over_single_pass_wall": round(
                    med("compute", 0) / med("single_pass", 0), 2
                ),
            }
            if rows["single_pass"]
            else {}
        ),
        "reopen_ms_median": round(statistics.median(reopen) * 1000, 2),
        "reopen_ms_max": round(max(reopen) * 1000, 2),
        "cache_file_bytes": size,
        "draw_ms_median": round(statistics.median(draws) * 1000, 3),
        "snap_start_error_ms": snap_after,
        "baseline_damaged_start_error_ms": snap_before,
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "targets": {"compute_wall_s": 3.0, "reopen_ms": 50},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
