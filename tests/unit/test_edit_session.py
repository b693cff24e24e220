"""EditSession without a pilot: every operation returns what changed (or why nothing did);
undo/redo, anchors cleared by timing edits, the journal noted, save and the no-document case."""

from __future__ import annotations

from pathlib import Path

import pytest

from captions.document import Document
from captions.tidy import TidyLimits
from player.editing.journal import Journal
from player.editing.outcome import NO_DOCUMENT
from player.editing.session import EditSession
from tests.app_harness import SMALL_SRT, small_track


@pytest.fixture
def session(tmp_path: Path) -> EditSession:
    path = tmp_path / "talk.srt"
    path.write_text(SMALL_SRT, encoding="utf-8")
    document = Document.open(path)
    return EditSession(document.track, document, Journal(tmp_path / "state"), step_ms=50)


def starts(session: EditSession) -> list[int]:
    return [e.start for e in session.track.events]


def test_offset_undo_redo_return_the_edit(session: EditSession) -> None:
    done = session.offset(100)
    assert done.changed and done.edit is not None and done.verb == ""
    assert starts(session) == [1100, 3100, 7100, 9100] and session.offset_ms == 100
    assert session.dirty
    undone = session.undo()
    assert undone.edit is done.edit and undone.verb == "Undid: "
    assert starts(session) == [1000, 3000, 7000, 9000] and not session.dirty
    assert session.redo().verb == "Redid: " and session.offset_ms == 100
    assert session.redo().message == "Nothing to redo."


def test_nudge_uses_the_step(session: EditSession) -> None:
    session.nudge(1, 1, -1)
    event = session.track.events[1]
    assert (event.start, event.end) == (3050, 5450)


def test_anchor_then_timing_edit_clears_anchors(session: EditSession) -> None:
    first = session.anchor(0, 1500)
    assert first.message is not None and "Anchor 1" in first.message and not first.changed
    assert len(session.anchors) == 1
    preview, error = session.resync_preview()
    assert preview is None and "two anchors" in error
    outcome = session.offset(-100)
    assert session.anchors == [] and any("anchors cleared" in n for n in outcome.notes)


def test_resync_preview_from_two_anchors(session: EditSession) -> None:
    session.anchor(0, 1500)
    session.anchor(3, 9500)
    preview, error = session.resync_preview()
    assert preview is not None and error == ""
    session.anchors.clear()
    assert session.apply_edit(preview.edit).changed


def test_a_refused_edit_is_a_warning_not_an_exception(session: EditSession) -> None:
    outcome = session.merge(3)  # the last cue has no next one to join
    assert not outcome.changed and outcome.severity == "warning" and outcome.message


def test_structural_edits_and_tidy(session: EditSession) -> None:
    assert session.split(0, 2000).changed and len(session.track) == 5
    assert session.merge(0).changed and len(session.track) == 4
    assert session.delete(3).changed and len(session.track) == 3
    edit = session.tidy_edit(TidyLimits())
    outcome = session.apply_edit(edit) if edit is not None else None
    assert outcome is None or outcome.edit is not None or outcome.message


def test_save_notes_the_backup_and_clears_dirty(session: EditSession, tmp_path: Path) -> None:
    session.offset(100)
    notice = session.save()
    assert notice.startswith("Saved talk.srt") and "talk.srt.bak" in notice
    assert not session.dirty


def test_journal_is_noted_and_flushed(session: EditSession, tmp_path: Path) -> None:
    session.offset(100)
    assert session.flush_journal() == []
    assert list((tmp_path / "state" / "recovery").glob("*.json"))
    session.close()


def test_without_a_document_every_edit_says_so(tmp_path: Path) -> None:
    bare = EditSession(small_track(), None, Journal(tmp_path / "state"))
    for outcome in (bare.offset(100), bare.undo(), bare.split(0, 1000), bare.anchor(0, 1)):
        assert outcome.message == NO_DOCUMENT and not outcome.changed
    assert bare.offset_ms == 0 and not bare.dirty and bare.pending_recovery() is None


def test_start_far_from_the_cue_waits_for_a_second_press(session: EditSession) -> None:
    # The cursor on the last cue (9.0-12.0 s), the playhead at 1.5 s: past its neighbours.
    first = session.set_start(3, 1500)
    assert not first.changed and first.severity == "warning"
    assert first.message == "Cue 4's start is 00:07.500 from the playhead: press again to move it."
    assert starts(session) == [1000, 3000, 7000, 9000]
    again = session.set_start(3, 1500)
    assert again.changed and sorted(starts(session)) == [1000, 1500, 3000, 7000]


def test_another_edit_between_forgets_the_far_press(session: EditSession) -> None:
    assert not session.set_end(0, 11_000).changed  # past cue 2's end: asks
    session.nudge(2, 1, 0)
    assert not session.set_end(0, 11_000).changed  # asks again
    assert session.set_end(0, 11_000).changed


def test_start_or_end_near_the_cue_goes_ahead_at_once(session: EditSession) -> None:
    assert session.set_start(1, 2500).changed  # between cue 1's start and cue 3's end
    assert session.set_end(1, 6000).changed
    assert session.track.events[1].end == 6000


def test_a_second_press_elsewhere_asks_again(session: EditSession) -> None:
    # Cue 1 (1.0-3.0 s): asked with the playhead at 9.5 s; the second press came with the
    # playhead at 13 s, far from where it was asked: it asks again, and then confirms.
    assert not session.set_end(0, 9_500).changed
    assert not session.set_end(0, 13_000).changed
    assert session.track.events[0].end == 3_000
    assert session.set_end(0, 13_500).changed
    assert session.track.events[0].end == 13_500
