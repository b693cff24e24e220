"""bench_highlight.py (the real app, real libVLC, lateness of the frame that shows each switch)
on the sample video (samples/make_sample_video.py: the talk's first minute with a 15 fps
picture) with a cue every 700 ms (for enough switches to count), twice in one run: without
video (the baseline) and with the video drawn in the pane (--terminal-video), so the pane's
cost to the highlight shows. The machine is shared and its load drifts: `--rounds N` alternates
the two N times and pools each one's switches.

Usage: .venv/bin/python tests/bench/bench_highlight_video.py [--seconds 15] [--rounds 1]
Last line: {"baseline": {"p50_ms", "p95_ms", "max_ms", "switches"}, "pane": {...}}
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_highlight import stats  # noqa: E402
from tests.video_samples import sample_video  # noqa: E402

BENCH = Path(__file__).with_name("bench_highlight.py")
CUE_MS = 700


def dense_captions(folder: Path, seconds: int = 60) -> Path:
    """An SRT with a cue every CUE_MS over the sample's minute."""

    def stamp(ms: int) -> str:
        return f"00:{ms // 60_000:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = [
        f"{n}\n{stamp(start)} --> {stamp(start + CUE_MS)}\ncue {n}\n"
        for n, start in enumerate(range(0, seconds * 1000 - CUE_MS, CUE_MS), 1)
    ]
    path = folder / "dense.srt"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


STARTS = "2000,22000,40000"


LATENESS = "ours |lateness| ms:"


def run(seconds: float, media: Path, captions: Path, pane: bool) -> list[float]:
    """One bench_highlight run: the |lateness| (ms) of each switch the app showed."""
    argv = [sys.executable, str(BENCH), "--seconds", str(seconds), "--starts", STARTS]
    argv += ["--media", str(media), "--captions", str(captions)]
    if pane:
        argv.append("--terminal-video")
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT)
    for line in done.stderr.splitlines():
        if line.startswith(LATENESS):
            listed = line.removeprefix(LATENESS).replace("np.float64", "")  # numpy 2's repr
            return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", listed)]
    raise SystemExit(f"bench_highlight printed no lateness line:\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="play time per start point")
    parser.add_argument("--rounds", type=int, default=1, help="baseline and pane runs, in turn")
    args = parser.parse_args()
    media = sample_video()
    baseline: list[float] = []
    pane: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        captions = dense_captions(Path(folder))
        for _ in range(max(1, args.rounds)):
            baseline += run(args.seconds, media, captions, pane=False)
            pane += run(args.seconds, media, captions, pane=True)
    print(json.dumps({"baseline": stats(baseline), "pane": stats(pane)}))


if __name__ == "__main__":
    main()
