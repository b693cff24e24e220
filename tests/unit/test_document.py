"""An open document: save in its own format with NAME.bak, export, on-disk change detection."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from captions import formats
from captions.document import (
    ChangedOnDiskError,
    Document,
    ExportExistsError,
    default_export_path,
)
from captions.errors import CaptionError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_014141487b4f9b5e.txt"

# An ASS file as Aegisub writes it: styles, override tags, a comment line, layers, an actor.
ASS = (ROOT / "tests" / "data" / "aegisub.ass").read_text(encoding="utf-8")


def without_generator_comment(text: str) -> list[str]:
    """ASS lines minus the `; ...` comment lines of [Script Info] (pysubs2 writes its own)."""
    return [line for line in text.splitlines() if not line.startswith("; ")]


@pytest.fixture
def ass_file(tmp_path: Path) -> Path:
    path = tmp_path / "talk.ass"
    path.write_text(ASS, encoding="utf-8")
    return path


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    """samples/talk.txt, else the seed with the page text around it stripped."""
    path = tmp_path / "talk.txt"
    sample = ROOT / "samples" / "talk.txt"
    if sample.exists():
        shutil.copyfile(sample, path)
    else:
        lines = SEED.read_text(encoding="utf-8").splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("[00:00.000]"))
        path.write_text("\n".join(lines[first:-1]) + "\n", encoding="utf-8")
    return path


def test_unedited_ass_save_reproduces_the_input(ass_file: Path) -> None:
    doc = Document.open(ass_file)
    assert doc.format == "ass" and not doc.dirty
    mtime = ass_file.stat().st_mtime_ns
    assert doc.save() is None and not doc.wrote  # nothing to write: no backup either
    assert ass_file.read_text(encoding="utf-8") == ASS
    assert ass_file.stat().st_mtime_ns == mtime
    assert not ass_file.with_name("talk.ass.bak").exists()


def test_unedited_transcript_save_reproduces_the_input(transcript_file: Path) -> None:
    original = transcript_file.read_bytes()
    doc = Document.open(transcript_file, media_duration_ms=2_510_000)
    assert doc.format == "transcript" and len(doc.track.events) == 489
    doc.save()
    assert transcript_file.read_bytes() == original


def test_edited_save_keeps_format_styles_and_first_backup(ass_file: Path) -> None:
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(-250))
    assert doc.dirty and doc.history.offset_ms == -250
    doc.save()
    assert not doc.dirty
    reloaded = formats.load(ass_file)
    assert reloaded.format == "ass"
    assert [e.start for e in reloaded.events] == [0, 3750, 4750, 9750, 11750]
    assert [e.end for e in reloaded.events] == [3750, 9750, 5750, 11750, 19750]
    assert reloaded.events[3].text == r"{\an8\pos(960,50)}Had a really great lunch."
    assert reloaded.events[2].is_comment and reloaded.events[3].style == "Sign"
    assert reloaded.subs.styles["Sign"].fontname == "Verdana"
    # A second save keeps the true original in NAME.bak.
    doc.do(doc.edits.set_text(0, "Changed"))
    assert doc.save() is None
    assert ass_file.with_name("talk.ass.bak").read_text(encoding="utf-8") == ASS
    assert formats.load(ass_file).events[0].plaintext == "Changed"
    # Undoing back to the saved state is clean again.
    doc.history.undo()
    assert doc.dirty
    doc.history.redo()
    assert not doc.dirty


def test_transcript_stays_a_transcript(transcript_file: Path) -> None:
    doc = Document.open(transcript_file)
    doc.do(doc.edits.shift_all(1000))
    doc.do(doc.edits.split(0, 3000))
    doc.save()
    text = transcript_file.read_text(encoding="utf-8")
    assert text.startswith(
        "[00:01.000]\nTen years ago, I visited\n[00:03.000]\nSingapore office.\n[00:05.000]\n"
    )
    assert formats.load(transcript_file).format == "transcript"


def test_changed_on_disk_blocks_save_unless_forced(ass_file: Path) -> None:
    doc = Document.open(ass_file)
    assert not doc.changed_on_disk()
    stat = ass_file.stat()
    os.utime(ass_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert not doc.changed_on_disk()  # same bytes, new mtime
    ass_file.write_text(ASS.replace("Title: Talk", "Title: Edited elsewhere"), encoding="utf-8")
    assert doc.changed_on_disk()
    doc.do(doc.edits.shift_all(100))
    with pytest.raises(ChangedOnDiskError, match="changed by another program"):
        doc.save()
    assert "Edited elsewhere" in ass_file.read_text(encoding="utf-8")
    doc.save(force=True)
    assert not doc.changed_on_disk()
    assert "Title: Talk" in ass_file.read_text(encoding="utf-8")
    ass_file.unlink()
    assert doc.changed_on_disk()
    with pytest.raises(ChangedOnDiskError, match="was removed"):
        doc.save()


def test_export_refuses_to_overwrite_without_asking(ass_file: Path, tmp_path: Path) -> None:
    doc = Document.open(ass_file)
    doc.do(doc.edits.shift_all(500))
    media = tmp_path / "talk.opus"
    target = default_export_path(media, "srt")
    assert target == tmp_path / "talk.srt"
    assert doc.default_export_path("vtt") == tmp_path / "talk.vtt"
    assert doc.export(target) == target
    exported = formats.load(target)
    assert exported.format == "srt"
    assert [e.start for e in exported.events] == [500, 4500, 10500, 12500]  # no comment line
    with pytest.raises(ExportExistsError):
        doc.export(target)
    doc.do(doc.edits.shift_all(500))
    doc.export(target, overwrite=True)
    assert formats.load(target).events[0].start == 1000
    doc.export(tmp_path / "talk.captions", "transcript")
    assert formats.load(tmp_path / "talk.captions").format == "transcript"
    assert doc.dirty  # an export is not a save
    with pytest.raises(CaptionError):
        doc.export(tmp_path / "talk.unknown")


def test_legacy_encoding_is_kept_until_the_text_needs_more(tmp_path: Path) -> None:
    path = tmp_path / "old.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé crème, à bientôt\n\n".encode("cp1252"))
    doc = Document.open(path, encoding="cp1252")
    doc.do(doc.edits.shift_all(100))
    doc.save()
    assert "Café".encode("cp1252") in path.read_bytes() and not doc.notes
    doc.do(doc.edits.set_text(0, "Café → 咖啡"))
    doc.save()
    assert path.read_text(encoding="utf-8").count("Café → 咖啡") == 1
    assert doc.notes and "utf-8" in doc.notes[0]


def test_open_errors_are_caption_errors(tmp_path: Path) -> None:
    with pytest.raises(CaptionError, match="no such file"):
        Document.open(tmp_path / "missing.srt")
    (tmp_path / "empty.srt").write_bytes(b"")
    with pytest.raises(CaptionError, match="empty"):
        Document.open(tmp_path / "empty.srt")


def test_read_only_format_asks_for_an_export(ass_file: Path) -> None:
    doc = Document.open(ass_file)
    assert doc.can_save
    doc.track.format = "sami"  # as if loaded from SAMI, which pysubs2 reads but cannot write
    assert not doc.can_save
    with pytest.raises(CaptionError, match="read but not written"):
        doc.save()
    assert ass_file.read_text(encoding="utf-8") == ASS


def test_backup_is_the_file_before_this_sessions_first_save(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nOne\n", encoding="utf-8")
    (tmp_path / "talk.srt.bak").write_text("stale, from long ago", encoding="utf-8")
    first = Document.open(path)
    before = path.read_bytes()
    first.do(first.edits.shift_all(100))
    first.save()
    assert (tmp_path / "talk.srt.bak").read_bytes() == before  # not the stale one
    first.do(first.edits.shift_all(100))
    first.save()
    assert (tmp_path / "talk.srt.bak").read_bytes() == before  # still this session's original
    second = Document.open(path)
    saved_by_first = path.read_bytes()
    second.do(second.edits.shift_all(-200))
    second.save()
    assert (tmp_path / "talk.srt.bak").read_bytes() == saved_by_first


def test_export_over_its_own_file_backs_up_and_checks_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    original = "1\n00:00:01,000 --> 00:00:02,000\nOne\n"
    path.write_text(original, encoding="utf-8")
    document = Document.open(path)
    document.do(document.edits.shift_all(500))
    document.export(path, "srt", overwrite=True)
    assert (tmp_path / "talk.srt.bak").read_text(encoding="utf-8") == original
    assert "00:00:01,500" in path.read_text(encoding="utf-8")
    path.write_text(original.replace("One", "Changed elsewhere"), encoding="utf-8")
    document.do(document.edits.shift_all(500))
    with pytest.raises(ChangedOnDiskError):
        document.export(path, "srt", overwrite=True)
    assert "Changed elsewhere" in path.read_text(encoding="utf-8")
