"""Two caption-players on one caption file: each journal has one owner process; a second one
journals on its own and never writes or removes a journal a live one owns; a dead one's journal
is offered on the next open. The other instance is a real second process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from captions.document import Document
from player.editing.journal import Journal

ROOT = Path(__file__).resolve().parents[2]

#: A second caption-player's journal: claim, edit, journal, report, wait for stdin.
OTHER = """
import sys
from captions.document import Document
from player.editing.journal import Journal
doc = Document.open(sys.argv[1])
journal = Journal(sys.argv[2])
doc.do(doc.edits.shift_all(int(sys.argv[3])))
journal.note_change(doc)
journal.flush()
print(journal.path_for(doc.path), flush=True)
sys.stdin.readline()
"""


def start_other(srt: Path, state: Path, shift_ms: int) -> tuple[subprocess.Popen[str], Path]:
    proc = subprocess.Popen(
        [sys.executable, "-c", OTHER, str(srt), str(state), str(shift_ms)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line, "the other caption-player died"
    return proc, Path(line)


def stop(proc: subprocess.Popen[str], *, kill: bool = False) -> None:
    if kill:
        os.kill(proc.pid, signal.SIGKILL)
    else:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
    proc.wait(timeout=30)


def offset_in(journal_file: Path) -> int:
    return int(json.loads(journal_file.read_bytes())["offset_ms"])


def test_second_instance_never_overwrites_or_discards_a_live_journal(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    other, others_journal = start_other(srt, state, 700)
    try:
        assert offset_in(others_journal) == 700
        doc = Document.open(srt)
        journal = Journal(state)
        assert journal.pending(srt, doc) is None  # a live instance's edits are not offered
        doc.do(doc.edits.shift_all(-300))
        journal.note_change(doc)
        journal.flush()
        assert offset_in(others_journal) == 700  # not overwritten by this instance's edits
        mine = journal.path_for(srt)
        assert mine != others_journal and offset_in(mine) == -300
        journal.discard(srt)  # this instance's "Discard"
        journal.close()
        assert others_journal.exists() and offset_in(others_journal) == 700
        assert not mine.exists()
    finally:
        stop(other)


def test_claim_names_the_other_instance_by_pid(srt: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    other, _ = start_other(srt, state, 100)
    try:
        journal = Journal(state)
        assert journal.claim(srt) == other.pid
        journal.close()
    finally:
        stop(other)
    alone = Journal(state)
    assert alone.claim(srt) is None  # the other one quit: its lock went with it
    alone.close()


def test_a_dead_second_instance_journal_is_offered_then_taken_over(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first, first_journal = start_other(srt, state, 500)
    second, second_journal = start_other(srt, state, 2000)
    assert first_journal != second_journal
    stop(second, kill=True)  # kill -9: its edits are only in its own journal
    try:
        doc = Document.open(srt)
        journal = Journal(state)
        assert journal.claim(srt) == first.pid
        recovery = journal.pending(srt, doc)
        assert recovery is not None and recovery.journal_path == second_journal
        assert recovery.offset_ms == 2000
        journal.restore(doc, recovery)
        assert [e.start for e in doc.track.events] == [3000, 5000, 9000, 11000]
        mine = journal.path_for(srt)
        journal.close()
        assert not second_journal.exists()  # taken over...
        assert offset_in(mine) == 2000  # ...by this instance's own journal
        assert offset_in(first_journal) == 500  # the live one's is untouched
    finally:
        stop(first)


def test_journal_of_an_instance_killed_owning_the_file_is_offered(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    other, others_journal = start_other(srt, state, 900)
    stop(other, kill=True)
    lock = others_journal.with_suffix(".lock")
    assert lock.exists()  # left behind by kill -9, naming a dead pid
    journal = Journal(state)
    assert journal.claim(srt) is None
    recovery = journal.pending(srt, Document.open(srt))
    assert recovery is not None and recovery.offset_ms == 900
    journal.discard(srt)
    journal.close()
    assert not others_journal.exists() and not lock.exists()


def test_of_two_dead_instances_the_newest_is_offered_and_the_other_kept(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first, _ = start_other(srt, state, 100)
    older, older_journal = start_other(srt, state, 200)
    newer, newer_journal = start_other(srt, state, 300)
    stop(older, kill=True)
    stop(newer, kill=True)
    try:
        journal = Journal(state)
        doc = Document.open(srt)
        recovery = journal.pending(srt, doc)
        assert recovery is not None and recovery.journal_path == newer_journal
        journal.discard(srt)
        journal.close()
        assert not newer_journal.exists() and older_journal.exists()
        again = Journal(state)
        recovery = again.pending(srt, Document.open(srt))
        assert recovery is not None and recovery.journal_path == older_journal
        again.close()
    finally:
        stop(first)
