"""Edit speed at 100,000 cues: our undoable edits beside the same operation in pysubs2 alone.

Prints one JSON object per measurement, then a last line with all of them (milliseconds,
median of repetitions). Each edit includes building it from the track's current state and
applying it through `History.do`; `index_ms` is the lookup index rebuild the UI pays on the
next `cue_at` after any edit; `journal_ms` is one crash-journal write and
`journal_snapshot_ms` the part of it left on the UI thread with `Journal(background=True)`.

    .venv/bin/python tests/bench/bench_edits.py [--cues N] [--repeat R]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pysubs2

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from captions.document import Document
from captions.edits import Edit, History
from captions.history import EditFactory
from captions.tidy import TidyLimits
from captions.timing import Anchor
from captions.track import Track
from player.editing.journal import Journal, Snapshot


def make_subs(cues: int) -> pysubs2.SSAFile:
    """Whisper-like continuous segments with some long ones, so tidy has work to do."""
    subs = pysubs2.SSAFile()
    start = 0
    for n in range(cues):
        length = 1500 + (n * 7919) % 6000 + (9000 if n % 50 == 0 else 0)
        words = " ".join(f"word{(n + k) % 97}" for k in range(3 + n % 14))
        subs.events.append(pysubs2.SSAEvent(start=start, end=start + length, text=words))
        start += length
    return subs


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cues", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    subs = make_subs(args.cues)
    plain = copy.deepcopy(subs)  # pysubs2 alone works on its own copy
    track = Track(subs=subs, format="srt")
    history = History(track)
    factory = EditFactory(track, history=history)
    results: dict[str, float | int] = {"cues": args.cues, "repeat": args.repeat}

    def measure(name: str, build: Callable[[], Edit | None]) -> None:
        do_ms, undo_ms, redo_ms = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            edit = build()
            assert edit is not None, name
            history.do(edit)
            do_ms.append((time.perf_counter() - t0) * 1000)
            undo_ms.append(timed(history.undo))
            redo_ms.append(timed(history.redo))
            history.undo()
        results[f"{name}_ms"] = median(do_ms)
        results[f"{name}_undo_ms"] = median(undo_ms)
        results[f"{name}_redo_ms"] = median(redo_ms)
        print(json.dumps({name: results[f"{name}_ms"]}), flush=True)

    def pysubs2_op(name: str, op: Callable[[], object]) -> None:
        results[f"pysubs2_{name}_ms"] = median([timed(op) for _ in range(args.repeat)])
        print(json.dumps({f"pysubs2_{name}": results[f"pysubs2_{name}_ms"]}), flush=True)

    middle = args.cues // 2
    last_start = track.events[-1].start
    measure("shift", lambda: factory.shift_all(100))
    pysubs2_op("shift", lambda: plain.shift(ms=100))
    results["undo_ms"] = results["shift_undo_ms"]
    measure(
        "resync",
        lambda: factory.resync([Anchor(0, 500), Anchor(last_start, last_start + 60_000)]).edit,
    )
    pysubs2_op("transform", lambda: plain.transform_framerate(25, 23.976))
    measure("starts_now", lambda: factory.starts_now(middle, track.events[middle].start + 900))
    measure("nudge", lambda: factory.nudge(middle, start_by=-100))
    e = track.events[middle]
    measure("split", lambda: factory.split(middle, (e.start + e.end) // 2))
    measure("merge", lambda: factory.merge_next(middle))
    measure("delete", lambda: factory.delete(middle))
    measure("insert", lambda: factory.insert(e.start + 10, "new cue"))
    measure("set_text", lambda: factory.set_text(middle, "changed text"))
    measure("tidy", lambda: factory.tidy(TidyLimits()))

    def rebuild_index() -> None:
        track.changed()
        track.cue_at(e.start)

    results["index_ms"] = median([timed(rebuild_index) for _ in range(args.repeat)])
    print(json.dumps({"index": results["index_ms"]}), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.srt"
        pysubs2.SSAFile.save(subs, str(path))
        doc = Document.open(path)
        doc.do(doc.edits.shift_all(100))
        journal = Journal(Path(tmp) / "state")
        results["journal_ms"] = median(
            [timed(lambda: journal.write(doc)) for _ in range(args.repeat)]
        )
        print(json.dumps({"journal": results["journal_ms"]}), flush=True)
        results["journal_snapshot_ms"] = median(
            [timed(lambda: Snapshot.of(doc)) for _ in range(args.repeat)]
        )
        print(json.dumps({"journal_snapshot": results["journal_snapshot_ms"]}), flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
