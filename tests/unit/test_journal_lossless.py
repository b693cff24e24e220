"""A restored journal keeps what the lossless layer keeps: a cue the edits did not touch is
written back byte for byte after recovery, as it is after a save without a crash (VTT cue
settings, SRT braces and tags), and recovery is still one undoable step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from captions.document import Document
from player.editing.journal import Journal

VTT = (
    "WEBVTT\n\n"
    "intro\n00:00:01.000 --> 00:00:02.000 line:0 position:20% align:start\n"
    "<v Ann>Price {was} $5</v>\n\n"
    "00:00:03.000 --> 00:00:04.000 align:end\n<c.loud>Hi</c> <b>there</b>\n\n"
    "NOTE a comment\n\n"
    "00:00:05.000 --> 00:00:06.000\n<00:00:05.000>Never <00:00:05.500>gonna\n"
)
SRT = (
    "7\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=#ff0000>Red</font> {was}\n\n"
    "8\n00:00:03,000 --> 00:00:04,000\n<LAUGHING>\n\n"
    "9\n00:00:05,000 --> 00:00:06,000\nthird\n"
)

TTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">\n'
    '  <head><styling><style xml:id="s1" tts:color="yellow"/></styling></head>\n'
    "  <body><div>\n"
    '    <p xml:id="c1" begin="1.5s" end="2.75s" style="s1">One <span tts:fontStyle="italic">'
    "two</span></p>\n"
    '    <p xml:id="c2" begin="00:00:03.000" end="00:00:04.000">three</p>\n'
    "  </div></body>\n</tt>\n"
)


def saved_without_crash(path: Path, text: str, tmp_path: Path) -> bytes:
    """The bytes a save gives after nudging the last cue by +100 ms, with no crash."""
    other = tmp_path / ("direct" + path.suffix)
    other.write_text(text, encoding="utf-8")
    doc = Document.open(other)
    last = len(doc.track.events) - 1
    doc.do(doc.edits.nudge(last, start_by=100))
    doc.save()
    return other.read_bytes()


@pytest.mark.parametrize(("name", "text"), [("a.vtt", VTT), ("a.srt", SRT), ("a.ttml", TTML)])
def test_recovered_edits_save_like_the_edits_themselves(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = Document.open(path)
    last = len(doc.track.events) - 1
    doc.do(doc.edits.nudge(last, start_by=100))
    journal = Journal(tmp_path / "state")
    journal.note_change(doc)
    assert journal.flush()

    again = Document.open(path)  # after the crash: the file as it was, and the journal
    assert Journal(tmp_path / "state").restore(again) is not None
    again.save()
    assert path.read_bytes() == saved_without_crash(path, text, tmp_path)

    again.history.undo()  # the restore is one step: undone, the file is the original again
    again.save()
    assert path.read_bytes() == text.encode("utf-8")


def test_a_version_1_journal_is_still_restored(tmp_path: Path) -> None:
    """Journals written before cue classes and origins were kept still recover the edits."""
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    doc = Document.open(path)
    doc.do(doc.edits.nudge(2, start_by=100))
    journal = Journal(tmp_path / "state")
    journal.note_change(doc)
    assert journal.flush()
    written = journal.path_for(path)
    payload = json.loads(written.read_text(encoding="utf-8"))
    payload["version"] = 1
    del payload["events"]["origin"], payload["events"]["kind"]
    written.write_text(json.dumps(payload), encoding="utf-8")

    again = Document.open(path)
    assert Journal(tmp_path / "state").restore(again) is not None
    assert [e.start for e in again.track.events] == [1000, 3000, 5100]
