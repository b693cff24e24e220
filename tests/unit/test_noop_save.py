"""A save with no edit gives the file's bytes back, in every writable format: also in those
whose writer is pysubs2's, which rewrites a file with losses (TTML loses its head, styles and
regions). Edited and undone is no edit. The TTML files are pysubs2's test data (MIT):
`tests/data/ttml_example.ttml` and `ttml_example_apple.ttml` of tkarabela/pysubs2."""

from __future__ import annotations

from pathlib import Path

import pytest

from captions.document import Document
from player.editing.journal import Journal
from player.editing.session import EditSession

DATA = Path(__file__).resolve().parents[1] / "data"
JSON = (
    '{"info": {"WrapStyle": "0"}, "styles": {}, "events": [{"start": 1000, "end": 2000, '
    '"text": "One", "style": "Default", "layer": 0, "name": "", "marginl": 0, "marginr": 0, '
    '"marginv": 0, "effect": "", "type": "Dialogue"}], "extra": "kept"}'
)


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes())
    return path


@pytest.mark.parametrize("name", ["ttml_example_pysubs2.ttml", "ttml_example_apple_pysubs2.ttml"])
def test_unedited_ttml_save_gives_the_bytes_back(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    original = path.read_bytes()
    doc = Document.open(path)
    assert doc.format == "ttml" and doc.track.events
    assert doc.save() is None and not doc.wrote
    assert path.read_bytes() == original
    assert not path.with_name(name + ".bak").exists()


def test_edited_then_undone_is_no_edit(tmp_path: Path) -> None:
    path = tmp_path / "talk.json"
    path.write_text(JSON, encoding="utf-8")
    doc = Document.open(path)
    assert doc.format == "json"
    doc.do(doc.edits.shift_all(500))
    doc.history.undo()
    doc.save()
    assert path.read_text(encoding="utf-8") == JSON and not doc.wrote


def test_an_edit_is_still_saved_and_said(tmp_path: Path) -> None:
    path = _copy(tmp_path, "ttml_example_pysubs2.ttml")
    document = Document.open(path)
    session = EditSession(document.track, document, Journal(tmp_path / "state"))
    assert session.save().startswith("No changes to save: ttml_example_pysubs2.ttml")
    session.offset(100)
    assert session.save().startswith("Saved ttml_example_pysubs2.ttml")
    assert Document.open(path).track.events[0].start == session.track.events[0].start
    session.close()
