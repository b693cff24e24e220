"""kill -9 at random moments: a save leaves the old file or the new one, never a torn one; a
journal flushed before the kill gives every edit back on the next open."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pysubs2

from captions import formats
from captions.document import Document
from captions.track import Track
from player.editing.journal import Journal

ROOT = Path(__file__).resolve().parents[2]
FIELDS = [f.name for f in dataclasses.fields(pysubs2.SSAEvent)]

SAVE_LOOP = """
import sys
from captions.document import Document
doc = Document.open(sys.argv[1])
print("ready", flush=True)
n = 0
while True:  # toggle between the old content (first cue at 0) and the new (at 1 s)
    doc.do(doc.edits.shift_all(1000 if doc.track.events[0].start == 0 else -1000))
    doc.save()
    n += 1
    print(n, flush=True)
"""

# Shared by the child (which makes the edits) and the test (which replays them).
EDIT_STEPS = """
def make_edit(doc, step):
    n = len(doc.track.events)
    i = (step * 7919) % n
    kind = step % 5
    if kind == 0:
        return doc.edits.shift_all(step * 10 - 300)
    if kind == 1:
        e = doc.track.events[i]
        return doc.edits.split(i, (e.start + e.end) // 2)
    if kind == 2:
        return doc.edits.set_text(i, f"edited {step}\\nline two é")
    if kind == 3:
        return doc.edits.nudge(i, start_by=-40, end_by=25)
    return doc.edits.merge_next(min(i, n - 2))
"""

JOURNAL_LOOP = (
    EDIT_STEPS
    + """
import sys, time
from captions.document import Document
from player.editing.journal import Journal
doc = Document.open(sys.argv[1])
journal = Journal(sys.argv[2])
print("ready", flush=True)
for step in range(int(sys.argv[3])):
    doc.do(make_edit(doc, step))
    journal.note_change(doc)
    journal.flush()
    print(step, flush=True)
print("done", flush=True)
time.sleep(600)
"""
)


def big_track(cues: int) -> Track:
    subs = pysubs2.SSAFile()
    for n in range(cues):
        text = f"cue number {n} says something reasonably long here"
        subs.events.append(pysubs2.SSAEvent(start=n * 2000, end=n * 2000 + 1500, text=text))
    return Track(subs=subs, format="srt")


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_line(stream: IO[str] | None) -> str:
    assert stream is not None
    return stream.readline().strip()


def kill(proc: subprocess.Popen[str]) -> str:
    """SIGKILL the child; returns what it printed."""
    os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    return out


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    """Poll (about every 0.2 ms) until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.0002)


def test_kill_during_saves_leaves_old_or_new_file(tmp_path: Path) -> None:
    path = tmp_path / "big.srt"
    backup = path.with_name("big.srt.bak")
    track = big_track(30000)
    old = formats.dumps(track, "srt").encode("utf-8")
    path.write_bytes(old)
    shifted = Document.open(path)
    shifted.do(shifted.edits.shift_all(1000))
    new = formats.dumps(shifted.track, "srt").encode("utf-8")
    assert old != new and len(old) > 1_000_000

    def temps() -> list[Path]:
        return list(tmp_path.glob(".big.srt.*"))

    rng = random.Random(4)
    saves_seen = mid_write = 0
    for run in range(12):
        if run % 3 == 2:
            backup.unlink(missing_ok=True)  # this child's first save makes the backup
        proc = spawn(SAVE_LOOP, str(path))
        assert read_line(proc.stdout) == "ready"
        if run % 3 == 0:
            time.sleep(rng.uniform(0.0, 1.5))  # anywhere in the loop
        elif run % 3 == 1:
            wait_for(lambda: bool(temps()))  # while the new content is being written
            time.sleep(rng.uniform(0.0, 0.004))
        else:
            # While the original is being copied to NAME.bak (its temporary file exists).
            wait_for(lambda: any(t.name.startswith(".big.srt.bak.") for t in temps()))
        printed = kill(proc)
        saves_seen += len(printed.split())
        data = path.read_bytes()
        assert data in (old, new), "the caption file is torn"
        assert formats.parse(data.decode("utf-8"), "srt").events[0].start in (0, 1000)
        if backup.exists():
            # The backup holds the original of the first save in this test: `old`, since the
            # file only toggles between the two contents.
            assert backup.read_bytes() in (old, new), "the backup is torn"
        leftovers = temps()
        mid_write += bool(leftovers)
        for temp in leftovers:
            temp.unlink()
    # Some kills landed in the middle of writing the temporary file, and some saves completed.
    assert saves_seen > 0 and mid_write > 0
    print(f"saves completed: {saves_seen}; kills while a temp file was open: {mid_write}")


def state(events: list[pysubs2.SSAEvent]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(e, name) for name in FIELDS) for e in events]


def replay(path: Path, steps: int) -> tuple[list[list[tuple[Any, ...]]], list[list[str]]]:
    """States and history labels after 0, 1, … `steps` edits, made in this process."""
    namespace: dict[str, Any] = {}
    exec(EDIT_STEPS, namespace)
    doc = Document.open(path)
    states, labels = [state(doc.track.events)], [doc.history.labels]
    for step in range(steps):
        doc.do(namespace["make_edit"](doc, step))
        states.append(state(doc.track.events))
        labels.append(doc.history.labels)
    return states, labels


def test_kill_after_edits_offers_journal_with_every_edit(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(formats.dumps(big_track(300), "srt").encode("utf-8"))
    state_dir = tmp_path / "state"
    proc = spawn(JOURNAL_LOOP, str(path), str(state_dir), "25")
    lines = []
    while (line := read_line(proc.stdout)) != "done":
        assert line, "the child died"
        lines.append(line)
    kill(proc)
    states, labels = replay(path, 25)
    doc = Document.open(path)
    journal = Journal(state_dir)
    recovery = journal.pending(path, doc)
    assert recovery is not None and recovery.source_matches
    assert recovery.labels == labels[-1] and len(labels[-1]) >= 20
    journal.restore(doc, recovery)
    assert state(doc.track.events) == states[-1]
    doc.history.undo()
    assert state(doc.track.events) == states[0]


def test_kill_at_random_moments_while_journaling(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(formats.dumps(big_track(5000), "srt").encode("utf-8"))
    steps = 40
    states, labels = replay(path, steps)
    rng = random.Random(9)
    for run in range(6):
        state_dir = tmp_path / f"state{run}"
        proc = spawn(JOURNAL_LOOP, str(path), str(state_dir), str(steps))
        assert read_line(proc.stdout) == "ready"
        time.sleep(rng.uniform(0.0, 1.0))
        printed = kill(proc).split()
        done = [int(x) for x in printed if x.isdigit()]
        last = done[-1] if done else -1  # edits 0..last were flushed before the kill
        recovery = Journal(state_dir).pending(path)
        if recovery is None:
            assert last == -1, "a flushed journal was lost"
            continue
        after = min(last + 2, steps)  # the edit after the last report may be flushed too
        got = (state(recovery.events), recovery.labels)
        assert got in ((states[last + 1], labels[last + 1]), (states[after], labels[after]))
