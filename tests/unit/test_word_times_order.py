"""Word times stay with their cue when a per-cue edit moves it past its neighbour and the list
is re-sorted (word times are keyed by row), and come back on undo."""

from __future__ import annotations

from pathlib import Path

from captions.document import Document
from captions.track import WordTime

SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\nsecond\n\n"
    "3\n00:00:05,000 --> 00:00:06,000\nthird\n"
)


def test_word_times_follow_a_cue_moved_past_its_neighbour(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(SRT, encoding="utf-8")
    doc = Document.open(path)
    words = {i: (WordTime(e.plaintext, e.start, e.end),) for i, e in enumerate(doc.track.events)}
    doc.track.word_times = dict(words)
    doc.do(doc.edits.set_start(0, 3500))  # "first" now starts after "second": re-sorted
    texts = [e.plaintext for e in doc.track.events]
    assert texts == ["second", "first", "third"]
    by_text = {w[0].text: row for row, w in doc.track.word_times.items()}
    assert by_text["first"] == texts.index("first")
    assert by_text["second"] == texts.index("second")
    doc.history.undo()
    assert [e.plaintext for e in doc.track.events] == ["first", "second", "third"]
    assert doc.track.word_times == words
