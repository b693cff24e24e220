"""Issue 11, item 7 (path logic): an export goes beside the caption file, named after it with
the new format's extension, never over a file that exists; a typed extension names a format
and a format gives the extension."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from captions import formats
from captions.document import Document
from captions.export_target import default_export_path, extension_of, format_of, with_format

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """`shifted.srt` being edited, with the media's own `talk.srt` beside it."""
    shutil.copyfile(SAMPLES / "talk.srt", tmp_path / "talk.srt")
    shutil.copyfile(SAMPLES / "talk.srt", tmp_path / "shifted.srt")
    (tmp_path / "talk.opus").write_bytes(b"")
    return tmp_path / "shifted.srt"


def test_default_is_named_after_the_caption_file_not_the_media(edited: Path) -> None:
    doc = Document.open(edited)
    assert doc.default_export_path("vtt") == edited.with_name("shifted.vtt")
    assert doc.default_export_path("transcript") == edited.with_name("shifted.txt")


def test_default_never_names_an_existing_file(edited: Path) -> None:
    doc = Document.open(edited)
    assert doc.default_export_path("srt") == edited.with_name("shifted-2.srt")  # itself exists
    edited.with_name("shifted.vtt").write_text("WEBVTT\n", encoding="utf-8")
    edited.with_name("shifted-2.vtt").symlink_to(edited.with_name("nowhere"))  # dangling
    assert doc.default_export_path("vtt") == edited.with_name("shifted-3.vtt")
    target = doc.export(doc.default_export_path("vtt"))
    assert formats.load(target).format == "vtt"


def test_default_of_a_name_with_dots(tmp_path: Path) -> None:
    assert default_export_path(tmp_path / "talk.en.srt", "ass") == tmp_path / "talk.en.ass"


@pytest.mark.parametrize("fmt", formats.WRITE_FORMATS)
def test_a_format_and_its_extension_map_both_ways(fmt: str) -> None:
    typed = with_format("out/notes.srt", fmt)
    assert typed == "out/notes" + extension_of(fmt)
    assert format_of(typed) == fmt


def test_typed_names_and_formats() -> None:
    assert format_of("out.ass") == "ass"
    assert format_of("OUT.VTT") == "vtt"
    assert format_of("out.txt") == "transcript"
    assert format_of("out") is None
    assert format_of("out.docx") is None
    assert format_of("out.smi") is None  # SAMI is read, never written
    assert with_format("out.ass", "transcript") == "out.txt"
    assert with_format("notes.final", "srt") == "notes.final.srt"
    assert with_format("", "vtt") == ".vtt"
