"""Pilot tests of the timing editor: every action, to the millisecond, and undo to the exact
original. Fake backend and clock; real caption files, real saves and journals in tmp_path."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, TextArea

from player.app import CaptionPlayerApp as EditorApp
from player.ui.dialogs.choice import ChoiceScreen
from player.ui.dialogs.export import ExportScreen
from player.ui.dialogs.resync import ResyncScreen
from player.ui.dialogs.text_edit import TextEditScreen
from player.ui.dialogs.tidy import TidyScreen
from player.ui.widgets.transcript_view import TranscriptView
from tests.app_dialogs import keep_text, open_dialog
from tests.app_harness import SMALL_SRT, make_editor, screen_workers_done, started
from tests.fakes import FakeBackend


def times(app: EditorApp) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in app.track.events]


def texts(app: EditorApp) -> list[str]:
    return [e.plaintext for e in app.track.events]


ORIGINAL = [(1000, 3000), (3000, 5500), (7000, 9000), (9000, 12000)]


async def anchor_heard_at(pilot: object, backend: FakeBackend, ms: int) -> None:
    """The cue under the cursor is heard at `ms`: seek there and set a resync anchor."""
    backend.seek(ms)
    await pilot.press("a")  # type: ignore[attr-defined]


async def undo_all(app: EditorApp, pilot: object, count: int) -> None:
    for _ in range(count):
        await pilot.press("ctrl+z")  # type: ignore[attr-defined]


async def test_offset_keys_undo_redo_and_title(srt: Path, tmp_path: Path) -> None:
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        assert times(app) == ORIGINAL
        await pilot.press("z", "z", "x", "X")  # -100 -100 +100 +1000
        assert times(app) == [(s + 900, e + 900) for s, e in ORIGINAL]
        assert app.editing.offset_ms == 900 and "unsaved" in app.title
        await pilot.press("Z")
        assert times(app) == [(s - 100, e - 100) for s, e in ORIGINAL]
        await undo_all(app, pilot, 5)
        assert times(app) == ORIGINAL and app.editing.offset_ms == 0
        assert not document.dirty and "unsaved" not in app.title
        await pilot.press("ctrl+y", "ctrl+y")
        assert times(app) == [(s - 200, e - 200) for s, e in ORIGINAL]


async def test_offset_below_zero_is_kept_and_undo_restores(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        for _ in range(3):
            await pilot.press("Z")
        assert times(app)[0] == (ORIGINAL[0][0] - 3000, ORIGINAL[0][1] - 3000)
        assert times(app)[1] == (ORIGINAL[1][0] - 3000, ORIGINAL[1][1] - 3000)
        await undo_all(app, pilot, 3)
        assert times(app) == ORIGINAL


async def test_starts_now_shifts_all_or_from_cue(srt: Path, tmp_path: Path) -> None:
    app, backend, clock, _ = make_editor(srt, tmp_path / "state", autoplay=True)
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("down", "down")  # cursor on cue 3 (starts 7000)
        clock.advance(8.0)  # playhead 8000; minus 250 ms reaction -> 7750
        await pilot.press("s")
        assert times(app) == [(s + 750, e + 750) for s, e in ORIGINAL]
        await pilot.press("ctrl+z")
        await pilot.press("S")
        assert times(app) == [*ORIGINAL[:2], (7750, 9750), (9750, 12750)]
        await pilot.press("ctrl+z")
        assert times(app) == ORIGINAL
        assert backend.playing


async def test_set_start_end_and_nudges(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("down")  # cue 2: 3000-5500
        backend.seek(3400)
        await pilot.press("i")
        assert times(app)[1] == (3400, 5500)
        backend.seek(5000)
        await pilot.press("o")
        assert times(app)[1] == (3400, 5000)
        await pilot.press("comma", "full_stop", "full_stop")  # start -100 +100 +100
        assert times(app)[1] == (3500, 5000)
        await pilot.press("greater_than_sign", "less_than_sign", "less_than_sign")
        assert times(app)[1] == (3500, 4900)
        assert times(app)[0] == ORIGINAL[0] and times(app)[2:] == ORIGINAL[2:]
        await undo_all(app, pilot, 8)
        assert times(app) == ORIGINAL


async def test_two_point_resync_preview_and_apply(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        # Cue 1 (1000) is heard at 1500, cue 4 (9000) at 11500 (+250 reaction each).
        await anchor_heard_at(pilot, backend, 1750)
        await pilot.press("end")
        backend.seek(11750)
        await pilot.press("a", "A")
        await pilot.pause()
        assert isinstance(app.screen, ResyncScreen)
        await pilot.click("#apply")
        await pilot.pause()
        # Linear map through (1000->1500) and (9000->11500): slope 1.25, intercept 250.
        assert times(app) == [(1500, 4000), (4000, 7125), (9000, 11500), (11500, 15250)]
        await pilot.press("ctrl+z")
        assert times(app) == ORIGINAL


async def test_resync_needs_two_anchors(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ResyncScreen)
        assert app.screen.query_one("#apply", Button).disabled
        await pilot.press("escape")
        assert times(app) == ORIGINAL


async def test_split_merge_delete_insert_and_undo(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    original_texts = None
    async with app.run_test() as pilot:
        await started(pilot)
        original_texts = texts(app)
        backend.seek(2000)  # middle of cue 1 "First cue is here."
        await pilot.press("k")
        assert times(app)[:2] == [(1000, 2000), (2000, 3000)]
        assert " ".join(texts(app)[:2]).split() == original_texts[0].split()
        await pilot.press("ctrl+z", "j")  # merge cue 1 with cue 2
        assert times(app)[0] == (1000, 5500) and len(app.track) == 3
        await pilot.press("ctrl+z", "delete")
        assert len(app.track) == 3 and times(app)[0] == ORIGINAL[1]
        await pilot.press("ctrl+z")
        backend.seek(6000)
        await open_dialog(pilot, TextEditScreen, "insert")  # asks for the new cue's text
        await keep_text(pilot, "inserted")
        assert len(app.track) == 5 and times(app)[2][0] == 6000
        await pilot.press("ctrl+z")
        assert times(app) == ORIGINAL and texts(app) == original_texts


async def test_edit_text_multiline(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await open_dialog(pilot, TextEditScreen, "e")
        await keep_text(pilot, "New first line\nand a second [b]line[/b]")
        assert texts(app)[0] == "New first line\nand a second [b]line[/b]"
        assert times(app) == ORIGINAL
        await pilot.press("ctrl+z")
        assert texts(app)[0] == "First cue is here."


async def test_tidy_dialog_preview_and_apply(tmp_path: Path) -> None:
    long = tmp_path / "long.srt"
    long.write_text(
        "1\n00:00:00,000 --> 00:00:23,000\n"
        + " ".join(f"word{i}" for i in range(60))
        + "\n\n2\n00:00:23,000 --> 00:00:23,100\nshort\n",
        encoding="utf-8",
    )
    app, _, _, _ = make_editor(long, tmp_path / "state", duration_ms=30_000)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        await open_dialog(pilot, TidyScreen, "t")
        await screen_workers_done(pilot)
        await pilot.pause()
        preview = str(app.screen.query_one("#preview").render())
        assert "Would change 2 cues" in preview
        await pilot.click("#apply")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.track) > 2
        assert all(e.end - e.start <= 7000 for e in app.track.events)
        await pilot.press("ctrl+z")
        assert [(e.start, e.end) for e in app.track.events] == [(0, 23000), (23000, 23100)]


async def test_save_keeps_bak_and_format(srt: Path, tmp_path: Path) -> None:
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert not document.dirty
    assert (tmp_path / "talk.srt.bak").read_text(encoding="utf-8") == SMALL_SRT
    saved = srt.read_text(encoding="utf-8")
    assert "00:00:01,100 --> 00:00:03,100" in saved


async def test_save_refuses_file_changed_on_disk(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x")
        srt.write_text(SMALL_SRT.replace("First", "Changed"), encoding="utf-8")
        await open_dialog(pilot, ChoiceScreen, "ctrl+s")
        await pilot.press("escape")
        assert "Changed" in srt.read_text(encoding="utf-8")


async def test_export_default_path_and_overwrite_prompt(srt: Path, tmp_path: Path) -> None:
    media = tmp_path / "talk.opus"
    app, _, _, _ = make_editor(srt, tmp_path / "state", media=media)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, ExportScreen, "ctrl+e")
        path_input = dialog.query_one("#path", Input)
        assert path_input.value == str(srt.with_name(srt.stem + "-2.srt"))  # beside, free
        path_input.value = str(tmp_path / "out.vtt")
        app.screen.query_one("#format").value = "vtt"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == str(tmp_path / "out.vtt")  # kept
        await pilot.click("#export")
        await pilot.pause()
        assert (tmp_path / "out.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(srt)
        await pilot.click("#export")  # the caption file exists: asks
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert srt.read_text(encoding="utf-8") == SMALL_SRT


async def test_quit_with_unsaved_changes_asks(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await open_dialog(pilot, ChoiceScreen, "x", "q")
        await pilot.press("escape")  # cancel
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#answer-discard")
        await pilot.pause()
    assert app.return_code == 0
    assert srt.read_text(encoding="utf-8") == SMALL_SRT


async def test_journal_written_within_a_second_and_offered_on_reopen(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    app, _, _, _ = make_editor(srt, state)
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "x", "down", "delete")
        await pilot.pause(1.0)
        journals = list((state / "recovery").glob("*.json"))
        assert len(journals) == 1
        # Simulate a crash: leave without the quit dialog (no save, no discard).
        app.exit()
    app2, _, _, _ = make_editor(srt, state)
    async with app2.run_test() as pilot:
        await started(pilot)
        assert isinstance(app2.screen, ChoiceScreen)
        await pilot.click("#answer-restore")
        await pilot.pause()
        assert [(e.start, e.end) for e in app2.track.events] == [
            (1200, 3200),
            (7200, 9200),
            (9200, 12200),
        ]
        await pilot.press("ctrl+z")
        assert [(e.start, e.end) for e in app2.track.events] == ORIGINAL


async def test_cursor_row_shows_edit_at_once(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        view = app.query_one(TranscriptView)
        await pilot.press("x")
        await pilot.pause()
        row = "".join(segment.text for segment in view.render_line(0))
        assert "00:01.100" in row


async def test_keys_and_palette_do_not_edit_behind_a_dialog(srt: Path, tmp_path: Path) -> None:
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("A")  # the resync dialog: its buttons have the focus
        await pilot.pause()
        assert isinstance(app.screen, ResyncScreen)
        await pilot.press("z", "x", "delete", "k")
        assert times(app) == ORIGINAL and not document.dirty
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not any("earlier" in title for title in titles)
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert any("earlier" in title for title in titles)


async def test_loop_follows_its_cue_through_edits(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state", autoplay=True)
    async with app.run_test() as pilot:
        await started(pilot)
        backend.seek(7500)  # inside cue 3 ("Third, after a silence.")
        await pilot.press("l")
        assert app.playback.loop_cue == 2
        await pilot.press("home", "delete")  # delete cue 1: the looped cue is now row 1
        assert app.playback.loop_cue == 1 and app.playback.loop_event is app.track.events[1]
        backend.seek(9100)  # past the looped cue's end (9000)
        app.main.poll()
        assert backend.position_ms() == 7000
        await open_dialog(pilot, TextEditScreen, "down", "e")  # edit the looped cue's text
        await keep_text(pilot, "changed")  # it is replaced
        assert app.playback.loop_event is None and app.playback.loop_cue is None


async def test_anchors_are_cleared_when_the_timing_changes(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await anchor_heard_at(pilot, backend, 1750)
        assert len(app.editing.anchors) == 1
        await pilot.press("x")
        assert app.editing.anchors == []


async def test_tidy_dialog_rejects_bad_numbers_without_crashing(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        screen = await open_dialog(pilot, TidyScreen, "t")
        for value, words in (("1e999", "positive"), ("0.5", "minimum duration")):
            screen.query_one("#max-duration", Input).value = value
            await pilot.pause()
            assert words in str(screen.query_one("#preview").render()).lower()
            await pilot.click("#apply")
            await pilot.pause()
            assert app.screen is screen and app.is_running
        await pilot.press("escape")
        assert times(app) == ORIGINAL


async def test_transcript_last_cue_ends_at_the_media_duration(tmp_path: Path) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("[00:01.000]\nHello there.\n[00:04.000]\nThe last words.\n")
    app, _, _, document = make_editor(transcript, tmp_path / "state", duration_ms=9_000)
    assert document.track.events[-1].end != 9_000  # a reading-time estimate before the media
    async with app.run_test() as pilot:
        await started(pilot)
        assert [(e.start, e.end) for e in app.track.events] == [(1000, 4000), (4000, 9000)]
        assert app.track.cue_at(8_500) == 1 and not document.dirty


async def test_split_here_in_the_text_editor_is_one_edit(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        backend.seek(2500)  # inside cue 1 (1000-3000)
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.text = "First half second half"
        area.move_cursor((0, len("First half ")))
        await pilot.pause()
        await pilot.click("#split")  # at the time proposed from the text: 1000 + 2000 × 11/22
        await pilot.pause()
        assert times(app)[:2] == [(1000, 2000), (2000, 3000)]
        assert [t.strip() for t in texts(app)[:2]] == ["First half", "second half"]
        await pilot.press("ctrl+z")  # one step back to the original text and timing
        assert times(app) == ORIGINAL and texts(app)[0] == "First cue is here."
        await pilot.press("home", "e")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Other text"
        await pilot.pause()
        app.screen.query_one("#split-time", Input).value = "00:05.000"  # outside cue 1
        await pilot.click("#split")
        await pilot.pause()
        assert isinstance(app.screen, TextEditScreen)  # says why, and stays
        assert "inside the cue" in str(app.screen.query_one("#split-error").render())
        await pilot.press("escape")
        assert times(app) == ORIGINAL and texts(app)[0] == "First cue is here."
