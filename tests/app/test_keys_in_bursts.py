"""Keys that arrive in one burst (tmux send-keys, a paste of keystrokes, a slow SSH link) are
applied in the order they were typed: Textual ran an Input's bound keys (Backspace, End …)
after the characters that followed them (Textual #6605), and the export dialog's format list,
set from the typed name, rewrote the name with a format it no longer had."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, Select

from captions import formats
from player.app import CaptionPlayerApp
from player.ui.dialogs.export import ExportScreen
from tests.app_dialogs import open_dialog
from tests.app_harness import SMALL_SRT, make_editor, started


def burst(app: CaptionPlayerApp, *keys: str) -> None:
    """Post every key at once, as a terminal delivers a burst: nothing runs in between."""
    for key in keys:
        character = key if len(key) == 1 else {"backspace": "\x7f"}.get(key)
        app.post_message(events.Key(key, character))


async def test_backspace_then_a_letter_in_the_search_box(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("slash")
        burst(app, *"lunchx", "backspace", "h")
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "lunchh"


async def test_a_name_typed_in_a_burst_is_the_name_exported(
    tmp_path: Path, state_dir: Path
) -> None:
    edited = tmp_path / "talk.srt"
    edited.write_text(SMALL_SRT, encoding="utf-8")
    app, _, _, _ = make_editor(edited, state_dir, media=tmp_path / "talk.opus")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, ExportScreen, "ctrl+e")
        path = dialog.query_one("#path", Input)
        await pilot.press("tab")  # to the name (keys after a Tab in the same burst: see guard 4)
        assert dialog.focused is path
        name = path.value  # …/talk-2.srt
        # End, erase the name, type one with .ass, change its mind to .lrc: one burst.
        burst(app, "end", *["backspace"] * len("talk-2.srt"), *"new.ass")
        burst(app, *["backspace"] * 3, *"lrc")
        await pilot.pause()
        assert path.value == name[: -len("talk-2.srt")] + "new.lrc"
        assert dialog.query_one("#format", Select).value == "lrc"
        await pilot.press("enter")
        await pilot.pause()
    assert formats.load(tmp_path / "new.lrc").format == "lrc"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "new.lrc",
        "talk.srt",
    ]
