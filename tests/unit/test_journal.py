"""Crash-recovery journal: round trip, one undoable restore, removal after save or discard."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pysubs2
import pytest

from captions.document import Document
from player.editing.journal import ENV_STATE_DIR, Journal, default_state_dir

FIELDS = [f.name for f in dataclasses.fields(pysubs2.SSAEvent)]

ASS = (Path(__file__).resolve().parents[1] / "data" / "aegisub.ass").read_text(encoding="utf-8")


def state(doc: Document) -> list[tuple[Any, ...]]:
    return [tuple(getattr(e, name) for name in FIELDS) for e in doc.track.events]


def edit_a_lot(doc: Document) -> None:
    doc.do(doc.edits.shift_all(-300))
    doc.do(doc.edits.split(0, 2000))
    doc.do(doc.edits.set_text(1, "Ünïcödé {braces} and\nsecond line"))
    doc.do(doc.edits.set_end(3, 9999))
    doc.do(doc.edits.insert(12000, "added"))
    doc.do(doc.edits.delete(2))


@pytest.fixture
def ass_file(tmp_path: Path) -> Path:
    path = tmp_path / "talk.ass"
    path.write_text(ASS, encoding="utf-8")
    return path


def test_round_trip_restores_every_edit_as_one_undoable_step(
    ass_file: Path, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "state")
    doc = Document.open(ass_file)
    original = state(doc)
    edit_a_lot(doc)
    edited = state(doc)
    journal.note_change(doc)
    assert journal.flush()
    assert not journal.flush()  # nothing new to write
    written = journal.path_for(ass_file)
    assert written.parent == tmp_path / "state" / "recovery"
    assert json.loads(written.read_text(encoding="utf-8"))["source"] == str(ass_file)

    again = Document.open(ass_file)
    fresh = Journal(tmp_path / "state")
    recovery = fresh.pending(ass_file, again)
    assert recovery is not None and recovery.source_matches
    assert len(recovery.labels) == 6 and recovery.labels[0] == "Shift all -0.300 s"
    assert "6 unsaved edits" in recovery.summary
    edit = fresh.restore(again, recovery)
    assert edit is not None
    assert state(again) == edited
    assert again.dirty and again.history.offset_ms == -300
    again.history.undo()
    assert state(again) == original and not again.dirty and again.history.offset_ms == 0
    again.history.redo()
    assert state(again) == edited


def test_removed_after_save_discard_or_undo_to_clean(ass_file: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "state")
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(100))
    journal.note_change(doc)
    journal.flush()
    assert journal.path_for(ass_file).exists()
    doc.save()
    journal.saved(doc)
    assert not journal.path_for(ass_file).exists()
    assert journal.pending(ass_file) is None

    doc.do(doc.edits.shift_all(100))
    journal.note_change(doc)
    journal.flush()
    doc.history.undo()  # back to the saved state: nothing to recover
    journal.note_change(doc)
    journal.flush()
    assert not journal.path_for(ass_file).exists()

    doc.do(doc.edits.shift_all(100))
    journal.note_change(doc)
    journal.flush()
    journal.discard(ass_file)
    assert journal.pending(ass_file) is None


def test_journal_equal_to_the_file_is_not_offered(ass_file: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "state")
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(100))
    journal.write(doc)
    doc.save()  # killed before the journal was removed
    again = Document.open(ass_file)
    assert journal.pending(ass_file) is not None
    assert journal.pending(ass_file, again) is None
    assert not journal.path_for(ass_file).exists()


def test_source_changed_and_corrupt_journals(ass_file: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "state")
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(100))
    journal.write(doc)
    ass_file.write_text(ASS.replace("Title: Talk", "Title: Changed elsewhere"), encoding="utf-8")
    recovery = journal.pending(ass_file)
    assert recovery is not None and not recovery.source_matches
    assert "changed on disk" in recovery.summary
    journal.path_for(ass_file).write_text('{"version": 1, "events": [', encoding="utf-8")
    assert journal.pending(ass_file) is None
    journal.path_for(ass_file).write_bytes(b"\x00\xff garbage")
    assert journal.pending(ass_file) is None
    assert journal.restore(Document.open(ass_file)) is None


def test_state_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_STATE_DIR, str(tmp_path / "env-state"))
    assert default_state_dir() == tmp_path / "env-state"
    assert Journal().directory == tmp_path / "env-state" / "recovery"
    monkeypatch.delenv(ENV_STATE_DIR)
    assert default_state_dir().name == "caption-player"


def test_each_caption_file_has_its_own_journal(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    a, b = tmp_path / "a" / "talk.ass_file", tmp_path / "b" / "talk.ass_file"
    assert journal.path_for(a) != journal.path_for(b)
    assert journal.path_for(a) == journal.path_for(tmp_path / "b" / ".." / "a" / "talk.ass_file")


def test_background_writes_keep_order_and_snapshot_the_moment(
    ass_file: Path, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "state", background=True)
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(100))
    at_flush = state(doc)
    journal.note_change(doc)
    assert journal.flush()
    doc.do(doc.edits.nudge(0, start_by=-50))  # in place, possibly while the write runs
    journal.close()
    recovery = journal.pending(ass_file)
    assert recovery is not None
    assert [tuple(getattr(e, f) for f in FIELDS) for e in recovery.events] == at_flush
    assert journal.take_errors() == []

    journal = Journal(tmp_path / "state", background=True)
    journal.note_change(doc)
    journal.flush()
    journal.discard(ass_file)  # queued after the write: the journal ends up removed
    journal.close()
    assert not journal.path_for(ass_file).exists()


def test_background_write_errors_are_reported(ass_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    journal = Journal(blocker, background=True)
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(100))
    journal.note_change(doc)
    journal.flush()
    journal.close()
    errors = journal.take_errors()
    assert len(errors) == 1 and errors[0].startswith("crash journal not written")
