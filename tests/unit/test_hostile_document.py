"""Saving and exporting a Document (what the app's Ctrl+S and export call) over hostile paths:
symlinks, FIFOs, a directory named NAME.bak, times past what the format can hold."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from captions.document import Document
from captions.errors import CaptionError

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n"


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "store" / "talk.srt"
    real.parent.mkdir()
    real.write_text(SRT)
    link = tmp_path / "talk.srt"
    link.symlink_to(real)
    return link, real


def test_saving_a_symlinked_file_writes_its_target_and_keeps_the_link(
    linked: tuple[Path, Path],
) -> None:
    link, real = linked
    doc = Document.open(link)
    doc.do(doc.edits.shift_all(1000))
    backup = doc.save()
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "00:00:02,000 --> 00:00:03,000" in real.read_text()
    assert backup == real.with_name("talk.srt.bak") and backup.read_text() == SRT
    assert not doc.changed_on_disk()  # so nothing offers to "recover" what was saved
    doc.do(doc.edits.shift_all(1000))
    doc.save()
    assert link.is_symlink() and "00:00:03,000 --> 00:00:04,000" in real.read_text()


def test_export_over_a_fifo_is_refused_and_the_fifo_kept(tmp_path: Path) -> None:
    (tmp_path / "talk.srt").write_text(SRT)
    fifo = tmp_path / "out.vtt"
    os.mkfifo(fifo)
    doc = Document.open(tmp_path / "talk.srt")
    with pytest.raises(CaptionError, match="FIFO"):
        doc.export(fifo, overwrite=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_directory_named_like_the_backup_is_named_when_saving(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(SRT)
    (tmp_path / "talk.srt.bak").mkdir()
    doc = Document.open(path)
    doc.do(doc.edits.shift_all(1000))
    with pytest.raises(CaptionError, match=r"talk\.srt\.bak: is a directory"):
        doc.save()
    assert path.read_text() == SRT and doc.dirty


def test_a_save_past_what_the_format_can_hold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt"
    path.write_text("[99:59:00.000]\nLate\n")
    doc = Document.open(path)
    doc.do(doc.edits.shift_all(120_000))  # past the 100 hours any file can be read back with
    with pytest.raises(CaptionError, match="nothing written"):
        doc.save()
    assert path.read_text() == "[99:59:00.000]\nLate\n"
