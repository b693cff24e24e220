"""How late does the highlight switch, measured on libvlc's own timeline?

Plays samples/talk.opus with real libvlc (audio "none" = adummy) from a few start points. Two
followers watch the same playback in one asyncio loop:

- ours: `CueFollower` over the backend's `PlaybackClock`, one timer per cue boundary, set the
  way Textual's `set_timer` sleeps (asyncio.sleep(delay - 0.5 ms)), rescheduled whenever
  `poll()` (every `POLL_PLAYING_S`, as the UI) reports that the clock re-anchored;
- naive: polls libvlc's `get_time()` every 100 ms and looks the cue up.

Every libvlc time update (value, monotonic time of the MediaPlayerTimeChanged callback) is kept;
per segment (between seeks) media time is fitted against monotonic time by least squares, and
each switch's lateness is its monotonic time minus the moment the fitted line reached the
boundary it shows. Both followers use the same media timeline (libvlc time plus the backend's
codec offset). Stats are of |lateness| in ms.

Usage: .venv/bin/python tests/bench/bench_highlight.py [--seconds 30] [--starts MS,MS,...]
       [--window 1]
Last line: {"ours": {"p50_ms", "p95_ms", "max_ms", "switches"}, "naive": {...}}
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from captions.formats import load  # noqa: E402
from captions.track import Track  # noqa: E402
from player.playback.backend import EventKind  # noqa: E402
from player.playback.follower import CueFollower  # noqa: E402
from player.playback.vlc_backend import VlcBackend  # noqa: E402
from player.ui.screens.main import POLL_PLAYING_S  # noqa: E402

#: (monotonic time, boundary ms it shows)
Switch = tuple[float, int]


async def textual_sleep(seconds: float) -> None:
    """What textual._time.sleep does on Linux."""
    if seconds - 0.0005 > 0:
        await asyncio.sleep(seconds - 0.0005)


def crossed_boundary(boundaries: list[int], ms: int) -> int:
    """The last boundary at or before `ms`."""
    return boundaries[max(0, bisect.bisect_right(boundaries, ms) - 1)]


async def run_segment(
    backend: VlcBackend,
    track: Track,
    start_ms: int,
    seconds: float,
    updates: list[tuple[int, float]],
    ours: list[Switch],
    naive: list[Switch],
) -> None:
    boundaries = sorted({e.start for e in track.events} | {e.end for e in track.events})
    follower = CueFollower(track, backend.clock)
    player = backend._player  # the naive follower reads libvlc directly
    offset = backend._offset
    backend.seek(start_ms)
    end_at = time.monotonic() + seconds
    wake = asyncio.Event()

    async def poller() -> None:
        while time.monotonic() < end_at:
            events = backend.poll()
            updates.extend((e.media_ms or 0, e.at) for e in events if e.kind is EventKind.TIME)
            if events:
                wake.set()
            await asyncio.sleep(POLL_PLAYING_S)

    async def ours_task() -> None:
        shown = follower.current()
        while time.monotonic() < end_at:
            delay = follower.delay_to_next_boundary_s()
            wake.clear()
            sleeper = asyncio.ensure_future(textual_sleep(1.0 if delay is None else delay))
            waker = asyncio.ensure_future(wake.wait())
            done, _ = await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
            for task in (sleeper, waker):
                if task not in done:
                    task.cancel()
            now = time.monotonic()
            current = follower.current()
            if current != shown:
                shown = current
                ours.append((now, crossed_boundary(boundaries, backend.position_ms())))

    async def naive_task() -> None:
        shown = track.cue_at(int(player.get_time() + offset))
        while time.monotonic() < end_at:
            await asyncio.sleep(0.1)
            pos = int(player.get_time() + offset)
            current = track.cue_at(pos)
            if current != shown:
                shown = current
                naive.append((time.monotonic(), crossed_boundary(boundaries, pos)))

    await asyncio.gather(poller(), ours_task(), naive_task())


def lateness(
    segments: list[tuple[int, float, list[tuple[int, float]], list[Switch]]],
) -> list[float]:
    """|switch time - fitted time of its boundary| in ms, for boundaries crossed in play."""
    out: list[float] = []
    for start_ms, seek_t, updates, switches in segments:
        points = [(v, t) for v, t in updates if t > seek_t]
        if len(points) < 3:
            continue
        v = np.array([p[0] for p in points], dtype=float)
        t = np.array([p[1] for p in points], dtype=float) - seek_t
        slope, intercept = np.polyfit(t, v, 1)
        for at, boundary in switches:
            if at <= seek_t or boundary <= start_ms:
                continue  # the seek itself changed the cue, no boundary was crossed
            expected = (boundary - intercept) / slope + seek_t
            out.append(abs(at - expected) * 1000)
    return out


def stats(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {
            "p50_ms": float("nan"),
            "p95_ms": float("nan"),
            "max_ms": float("nan"),
            "switches": 0,
        }
    arr = np.array(values)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 1),
        "p95_ms": round(float(np.percentile(arr, 95)), 1),
        "max_ms": round(float(arr.max()), 1),
        "switches": len(values),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="play time per start point")
    parser.add_argument("--starts", default="370000,1010000,1400000", help="start points, ms")
    parser.add_argument("--window", type=int, default=1, help="clock averaging window")
    parser.add_argument("--media", type=Path, default=ROOT / "samples" / "talk.opus")
    parser.add_argument("--captions", type=Path, default=ROOT / "samples" / "talk.txt")
    args = parser.parse_args()

    track = load(args.captions)
    backend = VlcBackend(audio="none", clock_window=args.window)
    backend.load(args.media)
    backend.play()
    while not backend.clock.running:
        backend.poll()
        await asyncio.sleep(0.01)
    ours_segments = []
    naive_segments = []
    for start in (int(s) for s in args.starts.split(",")):
        updates: list[tuple[int, float]] = []
        ours: list[Switch] = []
        naive: list[Switch] = []
        seek_t = time.monotonic()
        await run_segment(backend, track, start, args.seconds, updates, ours, naive)
        ours_segments.append((start, seek_t, updates, ours))
        naive_segments.append((start, seek_t, updates, naive))
        print(
            f"start {start} ms: {len(updates)} time updates, ours {len(ours)} switches, "
            f"naive {len(naive)}",
            file=sys.stderr,
        )
    backend.close()
    ours_late = lateness(ours_segments)
    naive_late = lateness(naive_segments)
    print(f"window={args.window} offset_ms={backend._offset:.1f}", file=sys.stderr)
    print("ours |lateness| ms:", sorted(round(x, 1) for x in ours_late), file=sys.stderr)
    print(json.dumps({"ours": stats(ours_late), "naive": stats(naive_late)}))


if __name__ == "__main__":
    asyncio.run(main())
