"""Highlight lateness with the video pane's work on the same event loop.

bench_highlight.py's measurement (ours vs a naive poller, on libVLC's own timeline), run twice
in one process on the sample video (samples/make_sample_video.py: the talk's first minute with a
15 fps picture) and samples/talk.srt:
- baseline: libVLC decodes no video (`--no-video`, as for audio);
- pane: libVLC renders frames for a 120×40-cell pane into the callbacks, and a task on the same
  loop turns the latest frame into half-block strips up to 15 times a second, as the pane does.

Usage: .venv/bin/python tests/bench/bench_highlight_video.py [--seconds 15]
Last line: {"baseline": {"p50_ms", "p95_ms", "max_ms", "switches"}, "pane": {..., "frames"}}
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from captions.formats import load  # noqa: E402
from player.playback.video_frames import MAX_FPS  # noqa: E402
from player.playback.vlc_backend import VlcBackend  # noqa: E402
from player.ui.widgets.half_blocks import HalfBlockRenderer  # noqa: E402
from tests.video_samples import sample_video  # noqa: E402

CAPTIONS = ROOT / "samples" / "talk.srt"
STARTS = (2_000, 22_000, 40_000)


def bench_highlight() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_highlight", Path(__file__).with_name("bench_highlight.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def measure(pane: bool, seconds: float, media: Path) -> dict[str, float | int]:
    bh = bench_highlight()
    track = load(CAPTIONS)
    backend = VlcBackend(audio="none", terminal_video=pane)
    if backend.frames is not None:
        backend.frames.set_target(120, 80)
    backend.load(media)
    backend.play()
    while not backend.clock.running:
        backend.poll()
        await asyncio.sleep(0.01)
    renderer = HalfBlockRenderer("truecolor")
    drawn = 0
    done = False

    async def pane_task() -> None:
        nonlocal drawn
        seq = 0
        while not done:
            frame = backend.frames.latest(seq) if backend.frames is not None else None
            if frame is not None:
                seq = frame.seq
                renderer.render(frame, 120, 40)
                drawn += 1
            await asyncio.sleep(1 / MAX_FPS)

    drawer = asyncio.ensure_future(pane_task())
    segments = []
    started = time.monotonic()
    for start in STARTS:
        updates: list[tuple[int, float]] = []
        ours: list[tuple[float, int]] = []
        naive: list[tuple[float, int]] = []
        seek_t = time.monotonic()
        await bh.run_segment(backend, track, start, seconds, updates, ours, naive)
        segments.append((start, seek_t, updates, ours))
    done = True
    await drawer
    elapsed = time.monotonic() - started
    backend.close()
    result: dict[str, float | int] = bh.stats(bh.lateness(segments))
    if pane:
        result["frames_drawn_per_s"] = round(drawn / elapsed, 2)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="play time per start point")
    args = parser.parse_args()
    media = sample_video()
    baseline = await measure(False, args.seconds, media)
    with_pane = await measure(True, args.seconds, media)
    print(json.dumps({"baseline": baseline, "pane": with_pane}))


if __name__ == "__main__":
    asyncio.run(main())
