"""Issue 11, the timing editor as people use it (items 1-9), under Textual's pilot: the shipped
app from `make_app` on a real caption file, the fake backend and clock."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Select, TextArea

from captions import formats
from player.app import CaptionPlayerApp
from player.ui.dialogs.export import ExportScreen
from player.ui.dialogs.resync import ResyncScreen
from player.ui.dialogs.text_edit import TextEditScreen
from player.ui.dialogs.tidy import TidyScreen
from player.ui.widgets.now_panel import Line, NowPanel
from player.ui.widgets.status_bar import ActionLine, StatusLine
from player.ui.widgets.transcript_view import TranscriptView
from tests.app_dialogs import keep_text, open_dialog
from tests.app_harness import SMALL_SRT, make_editor, screen_workers_done, started
from tests.fakes import FakeTime

ORIGINAL = [(1000, 3000), (3000, 5500), (7000, 9000), (9000, 12000)]


def times(app: CaptionPlayerApp) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in app.playback.track.events]


def texts(app: CaptionPlayerApp) -> list[str]:
    return [e.plaintext for e in app.playback.track.events]


def action(app: CaptionPlayerApp) -> str:
    return app.main.query_one(ActionLine).text


def status(app: CaptionPlayerApp) -> str:
    return app.main.query_one(StatusLine).text


def view(app: CaptionPlayerApp) -> TranscriptView:
    return app.main.query_one(TranscriptView)


# --- 1. the active cue and the spoken cue ---------------------------------------------------


async def play_on(pilot: object, clock: FakeTime, step_s: float) -> None:
    """Three times: 0.1 s of real time (past the patched follow-resume delay), then `step_s`
    of playback on the fake clock, the main screen polling and re-highlighting."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        clock.advance(step_s)
        app.main.poll()
        app.main.resync_highlight()
        await pilot.pause()  # type: ignore[attr-defined]


#: The app and its fake clock.
Playing = tuple[CaptionPlayerApp, FakeTime]


@pytest.fixture
def playing(srt: Path, state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Playing:
    """The editor on the small SRT, playing; following would resume 50 ms after the last key
    (today's code resumed it after 5 s), to show that it never does."""
    monkeypatch.setattr("player.playback.controller.FOLLOW_RESUME_S", 0.05, raising=False)
    app, _, clock, _ = make_editor(srt, state_dir, autoplay=True)
    return app, clock


async def test_following_never_comes_back_by_itself(playing: Playing) -> None:
    app, clock = playing
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        clock.advance(1.5)  # cue 1 spoken
        app.main.resync_highlight()
        await pilot.press("down", "down", "down")  # the active cue: 4
        assert not app.playback.follow and "follow off" in status(app)
        await play_on(pilot, clock, 0.5)
        assert not app.playback.follow and view(app).cursor == 3
        await pilot.press("a")  # the anchor goes to the cue the user chose
        assert [a.source for a in app.editing.anchors] == [9000]


async def test_following_resumes_on_f_enter_or_the_spoken_cue(srt: Path, state_dir: Path) -> None:
    app, backend, clock, _ = make_editor(srt, state_dir, autoplay=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        clock.advance(3.5)  # cue 2 spoken
        app.main.resync_highlight()
        await pilot.press("down")  # onto cue 3: off
        assert not app.playback.follow
        await pilot.press("up")  # back onto the spoken cue: following again
        assert app.playback.follow and "follow off" not in status(app)
        await pilot.press("down", "f")
        assert app.playback.follow and view(app).cursor == 1
        await pilot.press("end")
        assert not app.playback.follow
        await pilot.press("enter")  # Enter on a cue plays it and follows
        assert app.playback.follow and backend.position_ms() == 9000


async def test_search_keeps_the_cursor_on_the_match(playing: Playing) -> None:
    app, clock = playing
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"Fourth", "enter")
        await pilot.pause()
        assert view(app).cursor == 3
        await play_on(pilot, clock, 2.0)
        assert view(app).cursor == 3 and view(app).current != 3


# --- 2 and 3. edits compose, keep cues sane, and say so ----------------------------------------


async def test_z_x_return_to_zero_and_saving_below_zero_is_counted(
    srt: Path, state_dir: Path
) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press(*"ZZZZZXXXXX")
        assert times(app) == ORIGINAL and "offset +0.000 s" in status(app)
        await pilot.press("Z", "Z")
        assert times(app)[0] == (-1000, 1000)
        assert "1 before 0" in status(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 cue starts before 0: written from 0" in action(app)
        first = formats.load(srt).events[0]
        assert (first.start, first.end) == (0, 1000)
        await pilot.press("X", "X", "ctrl+s")
        await pilot.pause()
        assert srt.read_text(encoding="utf-8") == SMALL_SRT


async def test_set_start_past_the_end_and_the_next_cue(srt: Path, state_dir: Path) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("down")  # cue 2, 3000-5500
        backend.seek(6000)
        await pilot.press("i")  # past its end: held at the minimum, and said
        assert times(app)[1] == (6000, 6100)
        assert "held at the 0.1 s minimum" in action(app)
        backend.seek(8000)
        await pilot.press("i")  # past the next cue's start: re-sorted, cursor follows
        assert [s for s, _ in times(app)] == [1000, 7000, 8000, 9000]
        assert texts(app)[2] == "Second cue follows at once." and view(app).cursor == 2
        assert "overlaps cue 2" in action(app)
        assert view(app).overlaps == frozenset({1, 2})
        assert "2 overlapping" in status(app)
        await pilot.press("ctrl+z")  # the cursor goes back with the cue
        assert texts(app)[1] == "Second cue follows at once." and view(app).cursor == 1
        await pilot.press("ctrl+z")
        assert times(app) == ORIGINAL and view(app).overlaps == frozenset()


# --- 4. lines as lines --------------------------------------------------------------------------


async def test_two_line_cue_shows_as_two_lines(tmp_path: Path, state_dir: Path) -> None:
    path = tmp_path / "two.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:04,000\nFirst line\nsecond line\n", "utf-8")
    app, _, _, _ = make_editor(path, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = app.main.query_one("#now-current", Line).text
        assert shown == "First line\nsecond line" and "␊" not in shown


# --- 5. confirmations on one line, toasts only for attention -----------------------------------


async def test_quick_edits_replace_one_line_and_stack_no_toasts(srt: Path, state_dir: Path) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        backend.seek(1500)
        await pilot.press("l", "down")  # a loop on, follow off: the offset still shows
        for _ in range(100):
            await pilot.press("x")
        assert len(app._notifications) <= 2
        assert "Shift all +0.100 s" in action(app)
        line = status(app)
        assert "offset +10.000 s" in line and "follow off" in line and "loop cue 1" in line
        assert re.search(r"⏸ \d\d:\d\d\.\d{3} / 00:15\.000", line), line


# --- 6. resync preview ---------------------------------------------------------------------------


async def test_resync_applies_on_enter_lists_cues_and_removes_one(
    srt: Path, state_dir: Path
) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        backend.seek(1500)
        await pilot.press("a")  # cue 1 heard at 1.5 s (less the reaction time)
        await pilot.press("end")
        backend.seek(10_000)
        await pilot.press("a", "A")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResyncScreen)
        shown = " ".join(str(label.render()) for label in dialog.query(".anchor Label"))
        assert 'cue 1 "First cue is here." heard at 00:01.250' in shown
        assert 'cue 4 "Fourth and last words." heard at 00:09.750' in shown
        assert app.focused is dialog.query_one("#apply", Button)
        await pilot.press("enter")  # the default is Apply
        await pilot.pause()
        assert times(app)[0][0] == 1250 and times(app)[3][0] == 9750
        assert app.editing.anchors == []
        await pilot.press("ctrl+z", "a", "home")
        backend.seek(1500)
        await pilot.press("a", "A")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResyncScreen)
        await pilot.click(".remove")
        await pilot.pause()
        assert dialog.query_one("#apply", Button).disabled
        await pilot.press("escape")
        assert len(app.editing.anchors) == 1


# --- 7. export -----------------------------------------------------------------------------------


async def test_export_defaults_beside_the_captions_and_extension_follows_format(
    tmp_path: Path, state_dir: Path
) -> None:
    (tmp_path / "talk.srt").write_text(SMALL_SRT, encoding="utf-8")
    edited = tmp_path / "shifted.srt"
    edited.write_text(SMALL_SRT, encoding="utf-8")
    app, _, _, _ = make_editor(edited, state_dir, media=tmp_path / "talk.opus")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, ExportScreen, "ctrl+e")
        path = dialog.query_one("#path", Input)
        assert path.value == str(tmp_path / "shifted-2.srt")
        dialog.query_one("#format", Select).value = "vtt"
        await pilot.pause()
        assert path.value == str(tmp_path / "shifted.vtt")
        path.value = str(tmp_path / "out.ass")  # typed: the format follows
        await pilot.pause()
        assert dialog.query_one("#format", Select).value == "ass"
        dialog.query_one("#format", Select).value = "transcript"
        await pilot.pause()
        assert path.value == str(tmp_path / "out.txt")
        await pilot.click("#export")
        await pilot.pause()
    assert formats.load(tmp_path / "out.txt").format == "transcript"
    assert not (tmp_path / "out.ass").exists()


# --- 8. small screens, help, first paint --------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_fits_and_end_goes_down_not_sideways(
    srt: Path, state_dir: Path, size: tuple[int, int]
) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing off to the side: no group name cut
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_x == 0 and table.cursor_row == table.row_count - 1
        cells = {str(table.get_cell_at((row, 0))) for row in range(table.row_count)}
        assert {"Transcript", "Playback", "Timing", "Editing", "File"} <= cells


async def test_tidy_count_and_buttons_on_screen_at_80x24(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("t")
        await pilot.pause()
        await screen_workers_done(pilot)
        dialog = app.screen
        assert isinstance(dialog, TidyScreen)
        screen_region = dialog.region
        for selector in ("#preview", "#apply", "#cancel"):
            widget = dialog.query_one(selector)
            assert screen_region.contains_region(widget.region), selector
        assert "Would change" in str(dialog.query_one("#preview").render())


async def test_first_paint_is_the_real_first_state(tmp_path: Path, state_dir: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(
        "1\n00:00:00,000 --> 00:00:04,000\nTen years ago.\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nNext one.\n",
        encoding="utf-8",
    )
    app, _, _, _ = make_editor(path, state_dir)
    gate = threading.Event()
    real_factory = app.backend_factory
    app.backend_factory = lambda: (gate.wait(10), real_factory())[1]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.main.query_one(NowPanel)
        assert panel.query_one("#now-current", Line).text == "Ten years ago."
        assert panel.query_one("#now-previous", Line).text == ""
        assert "next cue in" not in panel.query_one("#now-current", Line).text
        assert "00:00.000 / 00:00.000" not in status(app)
        gate.set()
        await started(pilot)


# --- 9. smaller things ---------------------------------------------------------------------------


async def test_footer_says_play_while_paused(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert app.main.active_bindings["space"].binding.description == "Play"
        await pilot.press("space")
        assert app.main.active_bindings["space"].binding.description == "Pause"


async def test_active_cue_start_and_end_are_shown(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("down", "greater_than_sign")
        await pilot.pause()
        label = str(app.main.query_one(NowPanel).border_subtitle)
        assert "cue 2 · 00:03.000–00:05.600 (2.600 s)" in label


async def test_insert_asks_for_the_text(srt: Path, state_dir: Path) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        backend.seek(5600)
        await open_dialog(pilot, TextEditScreen, "insert")
        await pilot.press("escape")  # nothing asked for, nothing inserted
        assert len(times(app)) == 4
        await open_dialog(pilot, TextEditScreen, "insert")
        await keep_text(pilot, "A new cue.")
        assert texts(app)[2] == "A new cue." and times(app)[2][0] == 5600


async def test_split_here_proposes_the_time_from_the_text(srt: Path, state_dir: Path) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        backend.seek(3200)  # the playhead is not where the words split
        await pilot.press("down", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextEditScreen)
        area = dialog.query_one(TextArea)
        area.move_cursor((0, len("Second cue")))
        await pilot.pause()
        field = dialog.query_one("#split-time", Input)
        assert field.value == "00:03.930"  # 3000 + 2500 × 10/27, to 10 ms
        field.value = "00:04.000"  # adjusted by the user
        await pilot.click("#split")
        await pilot.pause()
        assert times(app)[1:3] == [(3000, 4000), (4000, 5500)]
        assert texts(app)[1:3] == ["Second cue", "follows at once."]
