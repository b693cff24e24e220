"""The app's save keeps the file: `z` (all 100 ms sooner), `x` (100 ms later), Ctrl+S gives
the original bytes back, and a text edit with `e` keeps braces (issue 8). Fake backend and
clock; real caption files from ../shared/corpus (skipped when absent) and tests/data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import TextArea

from captions import formats
from captions.errors import CaptionError
from player.ui.dialogs.text_edit import TextEditScreen
from tests.app_dialogs import keep_text, open_dialog
from tests.app_harness import make_editor, started

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "subtitles"


def _lossless_files() -> list[Path]:
    """Every corpus file in a format saved losslessly (SRT, VTT, ASS/SSA, LRC, MicroDVD, ...)."""
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(CORPUS.glob("*")):
        try:
            track = formats.load(path)
        except CaptionError:
            continue
        if formats.FORMATS[track.format].lossless and track.events:
            found.append(path)
    return found


FILES = _lossless_files()
FILES.append(Path(__file__).resolve().parents[1] / "data" / "seed_transcript.txt")


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
async def test_z_x_save_gives_the_original_bytes(source: Path, tmp_path: Path) -> None:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    original = path.read_bytes()
    app, _, _, document = make_editor(path, tmp_path / "state", duration_ms=4_000_000)
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() != original
        await pilot.press("z", "z")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not document.dirty
    assert path.read_bytes() == original


async def test_text_edit_keeps_braces_and_the_other_blocks(tmp_path: Path) -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nPrice {was} $5\n\n"
        "7\n00:00:04,000 --> 00:00:06,000\n<font color=#ff0000>Red</font> {\\an8}top\n"
    )
    path = tmp_path / "a.srt"
    path.write_text(text, encoding="utf-8")
    app, _, _, _ = make_editor(path, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, TextEditScreen, "e")
        assert dialog.query_one(TextArea).text == "Price {was} $5"
        await keep_text(pilot, "Price {was} $6")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == text.replace("$5", "$6")
