"""Hostile cue text and file names in the TUI: what the screen is made of (the composed segments
Textual writes to the terminal) holds no control character, anywhere: the text editor, header,
status notes, dialogs, inputs and notifications show `␛`, and the caption text is kept as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest
from textual import events
from textual.app import App
from textual.widgets import Input

from captions.document import Document
from player.app import make_app
from player.editing.journal import Journal
from player.settings import Settings
from player.ui.dialogs.choice import ChoiceScreen
from player.ui.dialogs.export import ExportScreen
from player.ui.dialogs.text_edit import TextEditScreen
from tests.app_harness import make_editor, started
from tests.fakes import FakeBackend, FakeTime

#: What the issue saw reach the terminal: a title change, a colour, a screen clear; plus C1 CSI.
HOSTILE = "\x1b]0;pwned\x07 \x1b[31mred\x1b[2J\x1b[H \x9b31m end"
HOSTILE_NAME = "bad\x1b]0;pwned\x07\x1b[2J.srt"
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def shown(app: App[object]) -> str:
    """The screen as composed for the terminal: every segment's text, row by row."""
    update = app.screen._compositor.render_full_update(simplify=True)
    return "\n".join("".join(seg.text for strip in row for seg in strip) for row in update.strips)


def assert_inert(app: App[object]) -> str:
    screen = shown(app)
    raw = CONTROL.findall(screen)
    assert not raw, f"raw control characters on screen: {raw!r}\n{screen}"
    return screen


async def inert_screen_with(pilot: object, text: str) -> str:
    """The inert screen once `text` is on it (toasts mount a few frames after `notify`)."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(100):
        screen = assert_inert(app)
        if text in screen:
            return screen
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError(f"{text!r} never shown:\n{screen}")


def hostile_srt(directory: Path, name: str = "talk.srt") -> Path:
    subs = pysubs2.SSAFile()
    subs.events.append(pysubs2.SSAEvent(start=0, end=4000, text="plain first cue"))
    subs.events.append(pysubs2.SSAEvent(start=4000, end=8000, text=HOSTILE))
    path = directory / name
    subs.save(str(path), format_="srt")
    return path


async def test_text_editor_shows_escapes_and_keeps_the_text(tmp_path: Path) -> None:
    path = hostile_srt(tmp_path)
    app, _, _, document = make_editor(path, tmp_path / "state")
    assert document.track.events[1].text == HOSTILE
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.main.transcript.cursor_to_row(1, notify=False)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextEditScreen)
        screen = assert_inert(app)
        assert "␛]0;pwned␇" in screen and "␛[2J␛[H" in screen
        await pilot.press("ctrl+s")  # keep, unedited
        await pilot.pause()
        assert document.track.events[1].text == HOSTILE
        assert not document.dirty
        assert_inert(app)


async def test_hostile_file_name_in_header_status_dialogs_and_notifications(
    tmp_path: Path,
) -> None:
    path = hostile_srt(tmp_path, HOSTILE_NAME)
    app, _, _, _ = make_editor(path, tmp_path / "state")
    async with app.run_test(size=(140, 30), notifications=True) as pilot:
        await started(pilot)
        screen = assert_inert(app)
        assert "bad␛]0;pwned␇␛[2J.srt" in screen  # the header
        await pilot.press("x")
        await pilot.press("ctrl+s")
        await inert_screen_with(pilot, "Saved bad␛]0;pwned␇")  # the notification
        await pilot.press("x", "ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "bad␛]0;pwned␇" in assert_inert(app)  # the export path
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "bad␛]0;pwned␇" in assert_inert(app)  # "… has unsaved changes."


async def test_no_captions_note_with_a_hostile_media_name(tmp_path: Path) -> None:
    clock = FakeTime()
    backend = FakeBackend(15_000, clock)
    settings = Settings(
        media=tmp_path / "talk\x1b[2J\x1b]0;pwned\x07.opus",
        notes=["no captions beside talk\x1b[2J\x1b]0;pwned\x07.opus"],
        autoplay=False,
    )
    app = make_app(
        settings,
        backend_factory=lambda: backend,
        track=Document.open(hostile_srt(tmp_path)).track,
        journal=Journal(tmp_path / "state"),
    )
    async with app.run_test(size=(160, 30)) as pilot:
        await started(pilot)
        assert "no captions beside talk␛[2J␛]0;pwned␇.opus" in assert_inert(app)


async def test_pasted_escapes_in_the_search_box_are_shown(tmp_path: Path) -> None:
    app, _, _, _ = make_editor(hostile_srt(tmp_path), tmp_path / "state")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await pilot.pause()
        app.screen.focused.post_message(events.Paste("\x1b]0;pwned\x07"))  # type: ignore[union-attr]
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        assert app.screen.focused.value == "\x1b]0;pwned\x07"  # searched for as typed
        assert "␛]0;pwned␇" in assert_inert(app)


@pytest.mark.parametrize("severity", ["information", "error"])
async def test_notifications_are_inert(tmp_path: Path, severity: str) -> None:
    app, _, _, _ = make_editor(hostile_srt(tmp_path), tmp_path / "state")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await started(pilot)
        message = "toast " + HOSTILE
        app.notify(message, title="\x1b[2J", severity=severity, markup=False)  # type: ignore[arg-type]
        await inert_screen_with(pilot, "toast ␛]0;pwned␇ ␛[31mred")
