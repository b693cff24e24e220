"""How late does the highlight switch, measured on libvlc's own timeline, in the real app?

Runs the app as it ships (`make_app`, real libvlc with audio "none" = adummy, headless Textual
at 120x36) on samples/talk.opus from a few start points. The moment a switch counts is when
Textual's compositor writes the frame (`App._display`) whose transcript shows the new
highlighted row. Beside it, in the same event loop, a naive follower polls libvlc's
`get_time()` every 100 ms and looks the cue up.

Every libvlc time update (value, monotonic time of the MediaPlayerTimeChanged callback, as
recorded by the backend) is kept; per segment (between seeks) media time is fitted against
monotonic time by least squares, and each switch's lateness is its monotonic time minus the
moment the fitted line reached the boundary it shows. Both use the same media timeline
(libvlc time plus the backend's codec offset). Stats are of |lateness| in ms.

With --terminal-video the media's video is drawn in the pane above the transcript meanwhile
(tests/bench/bench_highlight_video.py runs both ways on the sample video).

Usage: python tests/bench/bench_highlight.py [--seconds 30] [--starts MS,MS,...] [--terminal-video]
Last line: {"ours": {"p50_ms", "p95_ms", "max_ms", "switches"}, "naive": {...}}
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual.screen import Screen  # noqa: E402

from captions.track import Track  # noqa: E402
from player.app import CaptionPlayerApp, make_app  # noqa: E402
from player.editing.journal import Journal  # noqa: E402
from player.playback.backend import BackendEvent, EventKind  # noqa: E402
from player.playback.vlc_backend import VlcBackend  # noqa: E402
from player.settings import Settings  # noqa: E402

#: (monotonic time, boundary ms it shows)
Switch = tuple[float, int]


def crossed_boundary(boundaries: list[int], ms: int) -> int:
    """The last boundary at or before `ms`."""
    return boundaries[max(0, bisect.bisect_right(boundaries, ms) - 1)]


class Recorder:
    """Wraps the app's backend and display: libvlc's time updates and the frames that show a
    new highlighted row."""

    def __init__(self, app: CaptionPlayerApp, boundaries: list[int]) -> None:
        self.app = app
        self.boundaries = boundaries
        self.updates: list[tuple[int, float]] = []
        self.switches: list[Switch] = []
        self._shown: int | None = -2
        display = app._display

        def timed_display(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None or screen is not app.main:
                return
            at = time.monotonic()
            current = app.main.transcript.current
            if current != self._shown:
                self._shown = current
                position = app.playback.position_ms()
                self.switches.append((at, crossed_boundary(self.boundaries, position)))

        app._display = timed_display  # type: ignore[method-assign]

    def backend_factory(self, window: int, terminal_video: bool = False) -> VlcBackend:
        backend = VlcBackend(audio="none", clock_window=window, terminal_video=terminal_video)
        poll = backend.poll

        def recording_poll() -> list[BackendEvent]:
            events = poll()
            self.updates.extend((e.media_ms or 0, e.at) for e in events if e.kind is EventKind.TIME)
            return events

        backend.poll = recording_poll  # type: ignore[method-assign]
        return backend


async def naive_follower(
    backend: VlcBackend, track: Track, boundaries: list[int], seconds: float
) -> list[Switch]:
    player = backend._player  # the naive follower reads libvlc directly
    offset = backend._offset
    switches: list[Switch] = []
    end_at = time.monotonic() + seconds
    shown = track.cue_at(int(player.get_time() + offset))
    while time.monotonic() < end_at:
        await asyncio.sleep(0.1)
        pos = int(player.get_time() + offset)
        current = track.cue_at(pos)
        if current != shown:
            shown = current
            switches.append((time.monotonic(), crossed_boundary(boundaries, pos)))
    return switches


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
    parser.add_argument(
        "--terminal-video", action="store_true", help="draw the media's video in the pane"
    )
    args = parser.parse_args()

    settings = Settings(media=args.media, captions=args.captions, audio="none", autoplay=True)
    with tempfile.TemporaryDirectory() as state:
        holder: list[Recorder] = []
        app = make_app(
            settings,
            backend_factory=lambda: holder[0].backend_factory(args.window, args.terminal_video),
            journal=Journal(state),
        )
        track = app.track
        boundaries = sorted({e.start for e in track.events} | {e.end for e in track.events})
        recorder = Recorder(app, boundaries)
        holder.append(recorder)
        ours_segments = []
        naive_segments = []
        async with app.run_test(size=(120, 36)) as pilot:
            await app.started.wait()
            backend = app.playback.backend
            assert isinstance(backend, VlcBackend), app.error_message
            while not backend.clock.running:
                await pilot.pause(0.01)
            for start in (int(s) for s in args.starts.split(",")):
                first_update = len(recorder.updates)
                first_switch = len(recorder.switches)
                seek_t = time.monotonic()
                app.main.played(app.playback.seek(start))
                naive = await naive_follower(backend, track, boundaries, args.seconds)
                updates = recorder.updates[first_update:]
                ours = recorder.switches[first_switch:]
                ours_segments.append((start, seek_t, updates, ours))
                naive_segments.append((start, seek_t, updates, naive))
                print(
                    f"start {start} ms: {len(updates)} time updates, ours {len(ours)} "
                    f"switches, naive {len(naive)}",
                    file=sys.stderr,
                )
            offset = backend._offset
            if app.editing.document is not None:
                app.editing.document.history.mark_saved()  # no quit prompt
            await app.action_quit()
            await pilot.pause()
    ours_late = lateness(ours_segments)
    naive_late = lateness(naive_segments)
    print(f"window={args.window} offset_ms={offset:.1f}", file=sys.stderr)
    print("ours |lateness| ms:", sorted(round(x, 1) for x in ours_late), file=sys.stderr)
    print(json.dumps({"ours": stats(ours_late), "naive": stats(naive_late)}))


if __name__ == "__main__":
    asyncio.run(main())
