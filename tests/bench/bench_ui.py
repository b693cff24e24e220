"""Benchmark: the player UI with 100,000 cues next to the same with 500 cues (headless).

The real app (built by `make_app`, as `caption-player` builds it, with the caption file open for
editing) on a `FakeBackend`, run with `App.run_test(size=(120, 40))`. As the command does, the
loaded track is moved out of the garbage collector's scans (`gc.freeze()`) before the UI runs.

What is measured (wall time, `time.perf_counter`):
- `load_s`: `captions.formats.load` of the generated SRT file (parse + track index).
- `first_paint_s`: from creating the app to the first frame the compositor hands to the
  terminal driver with the transcript sized to every cue. A frame is a call of `App._display`
  with a screen update; headless, the driver skips the terminal write, all the rendering
  (layout, `render_line`, compositing) is done. Loading the file is not included.
- key-to-repaint: for each key, from the start of `pilot.press(key)` to the first frame that
  shows its effect: the first frame after the press began whose transcript cursor, scroll
  offset and search box are in the state the app is in once the key has been handled. Keys:
  End, Home, PgDn x50 (from the top), and a search: `/`, a word typed letter by letter, Enter;
  then edits: `z` x5 (every cue 100 ms earlier: an offset of all cues) and Ctrl+Z x5 (undo).
  A PgDn that cannot move (the 500-cue list ends after ~20 pages) changes nothing and draws
  nothing: it is counted in `noop_keys`, not timed.

Each size runs `--repeat` times in fresh apps; the figures are medians over the runs of each
run's value (p95 of that run's keys). Last line:
`{"cues_500": {"load_s", "first_paint_s", "key_p95_ms", ...}, "cues_100000": {...}, ...}`.
Targets: first paint under 1 s beyond loading, key p95 under 50 ms, 100,000-cue figures within
1.5x of the 500-cue ones.

    .venv/bin/python tests/bench/bench_ui.py [--repeat R] [--sizes 500,100000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Input  # noqa: E402

from captions.document import Document  # noqa: E402
from captions.formats import load  # noqa: E402
from captions.track import Track  # noqa: E402
from player.app import CaptionPlayerApp, make_app  # noqa: E402
from player.editing.journal import Journal  # noqa: E402
from player.settings import Settings  # noqa: E402
from player.ui.widgets.transcript_view import TranscriptView  # noqa: E402
from tests.fakes import FakeBackend  # noqa: E402

SIZE = (120, 40)
SEARCH_WORD = "zebra"
#: In the last cue only; no other cue has a digit.
FAR_WORD = "42"
#: Cue text is drawn from these words.
TEXT = (
    "the quick brown fox jumps over a lazy dog while we talk about captions and timing "
    "of speech in a long recording with many small cues"
)
#: Seconds to wait for a key's frame before calling it missing.
FRAME_TIMEOUT_S = 5.0
#: --verbose: every key's time on stderr.
VERBOSE = False


def srt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{frac:03d}"


def make_srt(n: int, seed: int = 7) -> str:
    """n back-to-back cues of 1-4 s; the search word is in about one cue in a thousand, the
    first of them near the middle."""
    rng = random.Random(seed)
    words_pool = TEXT.split()
    parts = []
    t = 0
    for i in range(n):
        length = rng.randint(1000, 4000)
        words = [rng.choice(words_pool) for _ in range(rng.randint(4, 14))]
        if i == n // 2 or rng.random() < 0.001:
            words.insert(rng.randrange(len(words)), SEARCH_WORD.capitalize())
        if i == n - 1:
            words.append(FAR_WORD)
        parts.append(f"{i + 1}\n{srt_time(t)} --> {srt_time(t + length)}\n{' '.join(words)}\n")
        t += length
    return "\n".join(parts)


#: (transcript cursor, scroll offset, search text, search box shown, transcript rows,
#: start of the cue under the cursor).
State = tuple[int, int, str, bool, int, int]
BEFORE_COMPOSE: State = (-1, -1, "", False, -1, -1)


class TimedApp:
    """The shipped app (from `make_app`), noting the time and the transcript's state of every
    frame it draws (its `_display` wrapped on the instance, the class untouched)."""

    def __init__(self, app: CaptionPlayerApp) -> None:
        self.app = app
        self.frames: list[tuple[float, State]] = []
        display = app._display

        def timed_display(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.frames.append((time.perf_counter(), self.view_state()))

        app._display = timed_display  # type: ignore[method-assign]

    def view_state(self) -> State:
        """What a key can change on screen: cursor, scroll, search text, search box shown."""
        main = self.app.main
        view = getattr(main, "transcript", None)
        box = getattr(main, "search_box", None)
        if not isinstance(view, TranscriptView) or not isinstance(box, Input):
            return BEFORE_COMPOSE
        track = self.app.track
        rows = view.virtual_size.height
        start = track.events[view.cursor].start if len(track) else -1
        return (view.cursor, int(view.scroll_offset.y), box.value, box.display, rows, start)


@dataclass
class Run:
    first_paint_s: float
    keys_ms: dict[str, list[float]] = field(default_factory=dict)
    noop_keys: int = 0


async def wait_frame(app: TimedApp, since: float, state: State) -> float | None:
    """Time of the first frame at or after `since` showing `state` (waits for it)."""
    deadline = time.perf_counter() + FRAME_TIMEOUT_S
    while True:
        for at, shown in app.frames:
            if at >= since and shown == state:
                return at
        if time.perf_counter() > deadline:
            return None
        await asyncio.sleep(0.001)


async def timed_press(app: TimedApp, pilot: Pilot[int], key: str, run: Run, group: str) -> None:
    before = app.view_state()
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    after = app.view_state()
    if after == before:
        run.noop_keys += 1
        return
    shown = await wait_frame(app, start, after)
    if shown is None:
        raise RuntimeError(f"no frame showed the effect of {key!r} ({before} -> {after})")
    run.keys_ms.setdefault(group, []).append((shown - start) * 1000)
    if VERBOSE:
        print(f"  {key:10} {(shown - start) * 1000:7.2f} ms", file=sys.stderr)


async def one_run(path: Path, state_dir: Path) -> Run:
    document = Document.open(path)
    track = document.track
    track.index  # as player/cli.py does while loading  # noqa: B018
    gc.freeze()  # as player/cli.py does before the UI starts
    backend = FakeBackend(track.duration_ms + 1000)
    created = time.perf_counter()
    app = make_app(
        Settings(media=Path("bench.opus"), autoplay=False),
        backend_factory=lambda: backend,
        document=document,
        journal=Journal(state_dir),
        captions_label="bench.srt [srt, utf-8]",
    )
    timed = TimedApp(app)
    async with app.run_test(size=SIZE) as pilot:
        view = app.main.transcript
        await pilot.pause()
        painted = None
        while painted is None:
            painted = next((at for at, state in timed.frames if state[4] == len(track)), None)
            await asyncio.sleep(0.001)
        run = Run(first_paint_s=painted - created)
        await app.started.wait()
        await pilot.pause()
        await timed_press(timed, pilot, "end", run, "end")
        await timed_press(timed, pilot, "home", run, "home")
        for _ in range(50):
            await timed_press(timed, pilot, "pagedown", run, "pgdn")
        await timed_press(timed, pilot, "home", run, "home")
        await timed_press(timed, pilot, "slash", run, "search")
        for letter in SEARCH_WORD:
            await timed_press(timed, pilot, letter, run, "search")
        await timed_press(timed, pilot, "enter", run, "search")
        found = view.cursor
        assert SEARCH_WORD in track.events[found].plaintext.lower(), "search found no match"
        # A word only the last cue has: the first letter scans (and folds) every cue.
        await timed_press(timed, pilot, "slash", run, "search_far")
        await timed_press(timed, pilot, "ctrl+u", run, "search_far")
        for letter in FAR_WORD:
            await timed_press(timed, pilot, letter, run, "search_far")
        await timed_press(timed, pilot, "enter", run, "search_far")
        assert view.cursor == len(track) - 1, "the far search did not reach the last cue"
        first = track.events[0].start
        for _ in range(5):
            await timed_press(timed, pilot, "z", run, "offset")
        assert track.events[0].start == max(0, first - 500), "the offset did not apply"
        for _ in range(5):
            await timed_press(timed, pilot, "ctrl+z", run, "undo")
        assert track.events[0].start == first, "undo did not restore the timing"
        document.history.mark_saved()  # no quit prompt
        await app.action_quit()
        await pilot.pause()
    return run


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def load_track(n: int, repeat: int, folder: Path) -> tuple[Path, float]:
    """The generated n-cue file loaded `repeat` times: its path and the median load time."""
    path = folder / f"cues_{n}.srt"
    path.write_text(make_srt(n), encoding="utf-8")
    times = []
    track: Track | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        track = load(path)
        times.append(time.perf_counter() - started)
    assert track is not None and len(track) == n
    return path, statistics.median(times)


def measure(path: Path) -> Run:
    """One fresh app, after collecting the previous run's garbage."""
    gc.unfreeze()
    gc.collect()
    with tempfile.TemporaryDirectory() as state:
        return asyncio.run(one_run(path, Path(state)))


#: Key groups that are edits of every cue (the timing editor's budget: under 100 ms).
EDIT_GROUPS = ("offset", "undo")


def summarise(runs: list[Run], load_s: float) -> dict[str, object]:
    every = [[v for g, vs in r.keys_ms.items() if g not in EDIT_GROUPS for v in vs] for r in runs]
    edits = [[v for g, vs in r.keys_ms.items() if g in EDIT_GROUPS for v in vs] for r in runs]
    result: dict[str, object] = {
        "load_s": round(load_s, 4),
        "first_paint_s": round(statistics.median(r.first_paint_s for r in runs), 4),
        "key_p95_ms": round(statistics.median(p95(keys) for keys in every), 2),
        "edit_p95_ms": round(statistics.median(p95(keys) for keys in edits), 2),
    }
    for group in sorted({g for run in runs for g in run.keys_ms}):
        result[f"{group}_p95_ms"] = round(
            statistics.median(p95(r.keys_ms[group]) for r in runs if group in r.keys_ms), 2
        )
    result["key_max_ms"] = round(statistics.median(max(keys) for keys in every), 2)
    result["keys_timed"] = len(every[0])
    result["noop_keys"] = runs[0].noop_keys
    result["runs"] = len(runs)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="500,100000")
    parser.add_argument("--verbose", action="store_true", help="every key's time on stderr")
    args = parser.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: dict[int, list[Run]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        loaded = {n: load_track(n, args.repeat, Path(tmp)) for n in sizes}
        # A first app pays one-off costs (imports, CSS parsing): run one untimed.
        measure(loaded[sizes[0]][0])
        # Sizes take turns, so a busy moment on a shared machine does not land on one size.
        for _ in range(args.repeat):
            for n in sizes:
                runs[n].append(measure(loaded[n][0]))
    summary: dict[str, object] = {}
    for n in sizes:
        result = summarise(runs[n], loaded[n][1])
        print(json.dumps({"cues": n, **result}), flush=True)
        summary[f"cues_{n}"] = result
    if len(sizes) == 2:
        small, big = (summary[f"cues_{n}"] for n in sizes)
        assert isinstance(small, dict) and isinstance(big, dict)
        summary["ratio_big_vs_small"] = {
            key: round(big[key] / small[key], 2)
            for key in ("first_paint_s", "key_p95_ms")
            if small[key]
        }
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
