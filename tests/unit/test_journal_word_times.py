"""Crash recovery keeps the word times that forced alignment put on the cues."""

from __future__ import annotations

import json
from pathlib import Path

from captions.align.edit import AlignEdit
from captions.document import Document
from captions.track import Timing, WordTime
from player.editing.journal import Journal

SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nHello big world.\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\nSecond cue here.\n\n"
    "3\n00:00:05,000 --> 00:00:06,000\nThird.\n"
)
WORDS = {
    0: (WordTime("Hello", 1040, 1300), WordTime("big", 1300, 1500), WordTime("world.", 1500, 1900)),
    2: (WordTime("Third.", 5020, 5600),),
}


def aligned(path: Path) -> Document:
    """The file opened and aligned (as the editor's alignment key leaves it: one edit)."""
    doc = Document.open(path)
    before = doc.track.timing
    after = Timing((1040, 3000, 5020), (1900, 4000, 5600))
    doc.do(AlignEdit("Align to speech", before, after, words=dict(WORDS)))
    return doc


def test_a_restored_session_has_its_word_times_back_and_undo_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    journal = Journal(tmp_path / "state")
    journal.note_change(aligned(path))
    assert journal.flush()

    again = Document.open(path)  # after a crash: the file as saved, no word times
    assert again.track.word_times == {}
    recovery = Journal(tmp_path / "state").pending(path, again)
    assert recovery is not None and recovery.word_times == WORDS
    assert Journal(tmp_path / "state").restore(again, recovery) is not None
    assert again.track.word_times == WORDS
    assert [e.start for e in again.track.events] == [1040, 3000, 5020]

    again.history.undo()  # the restore is one step: words and times go back together
    assert again.track.word_times == {}
    assert [e.start for e in again.track.events] == [1000, 3000, 5000]
    again.history.redo()
    assert again.track.word_times == WORDS


def test_a_journal_that_differs_only_in_word_times_is_still_offered(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    doc = Document.open(path)
    same = doc.track.timing
    doc.do(AlignEdit("Align to speech", same, same, words=dict(WORDS)))  # times already right
    journal = Journal(tmp_path / "state")
    journal.note_change(doc)
    assert journal.flush()

    again = Document.open(path)
    recovery = Journal(tmp_path / "state").pending(path, again)
    assert recovery is not None and recovery.word_times == WORDS


def test_a_version_2_journal_restores_with_no_word_times(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    journal = Journal(tmp_path / "state")
    journal.note_change(aligned(path))
    assert journal.flush()
    written = journal.path_for(path)
    payload = json.loads(written.read_text(encoding="utf-8"))
    payload["version"] = 2
    del payload["word_times"]
    written.write_text(json.dumps(payload), encoding="utf-8")

    again = Document.open(path)
    assert Journal(tmp_path / "state").restore(again) is not None
    assert [e.start for e in again.track.events] == [1040, 3000, 5020]
    assert again.track.word_times == {}


def test_bad_word_times_in_a_journal_lose_only_those_words(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    journal = Journal(tmp_path / "state")
    journal.note_change(aligned(path))
    assert journal.flush()
    written = journal.path_for(path)
    payload = json.loads(written.read_text(encoding="utf-8"))
    payload["word_times"]["7"] = [["x", 1, 2]]  # no cue 7
    payload["word_times"]["2"] = [["Third.", "soon", None]]
    written.write_text(json.dumps(payload), encoding="utf-8")

    again = Document.open(path)
    assert Journal(tmp_path / "state").restore(again) is not None
    assert [e.start for e in again.track.events] == [1040, 3000, 5020]
    assert again.track.word_times == {0: WORDS[0]}
