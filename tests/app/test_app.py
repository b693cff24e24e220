"""Pilot tests of the player UI against the fake backend and a hand-moved clock."""

from __future__ import annotations

import time
from pathlib import Path

import pysubs2
import pytest
from textual.widgets import Input

from captions.track import Track
from player.app import CaptionPlayerApp, make_app
from player.settings import Settings
from player.ui.widgets.now_panel import Line, spoken_chars
from player.ui.widgets.transcript_view import TranscriptView
from tests.app_harness import make_player, small_track
from tests.fakes import FakeBackend, FakeTime


async def ready(pilot: object) -> None:
    """Wait for the start-up worker and its message."""
    app = pilot.app  # type: ignore[attr-defined]
    await app.started.wait()
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.playback.backend is not None


def now_text(app: CaptionPlayerApp) -> str:
    return app.query_one("#now-current", Line).text


def highlighted(app: CaptionPlayerApp) -> int | None:
    return app.query_one(TranscriptView).current


async def test_highlight_follows_clock_through_whole_track() -> None:
    app, _, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        expected = [
            (0.5, None),
            (1.0, 0),
            (2.999, 0),
            (3.0, 1),
            (5.499, 1),
            (5.5, None),
            (7.0, 2),
            (9.0, 3),
            (11.999, 3),
            (12.0, None),
        ]
        base = clock.t
        for at, cue in expected:
            clock.t = base + at + 1e-7  # absolute, so float steps do not accumulate
            app.main.resync_highlight()
            await pilot.pause()
            assert highlighted(app) == cue, f"at {at}s"
            if cue is None:
                assert "silence" in now_text(app)
            else:
                assert app.track.events[cue].plaintext.split()[0] in now_text(app)


async def test_boundary_timer_switches_without_polling() -> None:
    """Real time: the timer set for the next boundary switches the highlight on its own."""
    track = small_track(
        "1\n00:00:00,000 --> 00:00:00,300\nalpha\n\n2\n00:00:00,300 --> 00:00:00,600\nbeta\n"
    )
    backend = FakeBackend(5000, time.monotonic)
    app = make_app(Settings(media=None), backend_factory=lambda: backend, track=track)
    # media=None skips load; load by hand so the fake plays.
    async with app.run_test() as pilot:
        await ready(pilot)
        backend.load(Path("x.opus"))
        backend.play()
        app.main.resync_highlight()
        assert highlighted(app) == 0
        # Only the boundary timer can switch it: the fake clock never re-anchors, so the
        # backend poll does not resync. Generous wait for a loaded machine.
        for _ in range(40):
            await pilot.pause(0.05)
            if highlighted(app) == 1:
                break
        assert highlighted(app) == 1
        assert "beta" in now_text(app)


async def test_seek_keys_and_pause_hold() -> None:
    app, backend, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("right")  # +5 s
        assert backend.position_ms() == 5000
        assert highlighted(app) == 1
        await pilot.press("space")
        assert not backend.playing
        clock.advance(10)
        app.main.resync_highlight()
        assert backend.position_ms() == 5000 and highlighted(app) == 1
        await pilot.press("left")
        assert backend.position_ms() == 0
        assert highlighted(app) is None
        await pilot.press("shift+right")  # +60 s clamps to the end
        assert backend.position_ms() == 14_999


async def test_previous_and_next_cue_keys() -> None:
    app, backend, _ = make_player(autoplay=False)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("ctrl+right")
        assert backend.position_ms() == 1000
        await pilot.press("ctrl+right")
        assert backend.position_ms() == 3000
        await pilot.press("ctrl+left")  # within 1 s of the cue's start: the previous cue
        assert backend.position_ms() == 1000
        assert highlighted(app) == 0


async def test_rate_keys_change_clock_speed() -> None:
    app, backend, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket")
        assert abs(backend.rate - 1.1) < 1e-9
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert abs(backend.rate - 1 / 1.1) < 1e-3
        await pilot.press("backspace")
        assert backend.rate == 1.0
        await pilot.press("right_square_bracket")
        start = backend.position_ms()
        clock.advance(2.0)
        assert backend.position_ms() - start == 2200
        app.main.resync_highlight()
        assert highlighted(app) == 0  # 2.2 s is inside cue 0


async def test_loop_returns_to_cue_start() -> None:
    app, backend, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        clock.advance(1.5)
        await pilot.press("l")
        assert app.playback.loop_cue == 0
        clock.advance(1.6)  # past the end of cue 0 (3.0 s)
        app.main.poll()
        assert backend.position_ms() == 1000
        await pilot.press("l")
        assert app.playback.loop_cue is None
        clock.advance(2.5)
        app.main.poll()
        assert backend.position_ms() == 3500


async def test_search_incremental_and_next_previous() -> None:
    app, _, _ = make_player()
    async with app.run_test() as pilot:
        await ready(pilot)
        view = app.query_one(TranscriptView)
        await pilot.press("slash")
        assert app.query_one("#search", Input).has_focus
        await pilot.press("t", "h", "i")
        assert view.cursor == 2  # "Third" (case-insensitive)
        await pilot.press("backspace", "backspace")
        assert view.cursor == 0  # "t" matches the first cue again (incremental)
        await pilot.press("enter")
        assert view.has_focus
        await pilot.press("n")
        assert view.cursor == 1
        await pilot.press("N")
        assert view.cursor == 0
        await pilot.press("N")  # wraps around
        assert view.cursor == 3


async def test_follow_off_when_cursor_moves_and_back_on_with_f() -> None:
    app, _, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("down", "down")
        assert app.playback.follow is False
        clock.advance(3.2)
        app.main.resync_highlight()
        view = app.query_one(TranscriptView)
        assert view.current == 1 and view.cursor == 2  # highlight moves, cursor stays
        await pilot.press("f")
        assert app.playback.follow is True and view.cursor == 1


async def test_enter_plays_from_cue_under_cursor() -> None:
    app, backend, _ = make_player(autoplay=False)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("end", "enter")
        assert backend.position_ms() == 9000 and backend.playing
        assert highlighted(app) == 3 and app.playback.follow


async def test_caption_text_is_never_markup_and_escapes_are_inert() -> None:
    subs = pysubs2.SSAFile()
    hostile = "[@click=app.quit]x[/] \x1b[2J unbalanced [/i] [bold]b"
    subs.events.append(pysubs2.SSAEvent(start=0, end=5000, text=hostile))
    app, _, _ = make_player(Track(subs=subs, format="srt"), autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        app.main.resync_highlight()
        await pilot.pause()
        shown = now_text(app)
        assert "[@click=app.quit]x[/]" in shown
        assert "\x1b" not in shown and "␛[2J" in shown
        row = "".join(seg.text for seg in app.query_one(TranscriptView).render_line(0))
        assert "[@click=app.quit]x[/]" in row and "\x1b" not in row
        await pilot.click("#now-current")
        assert app.is_running


async def test_bad_media_exits_2_with_message() -> None:
    app, _, _ = make_player(load_error="fake.opus: not playable media (no audio track)")
    async with app.run_test() as pilot:
        for _ in range(50):
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 2
    assert app.error_message == "fake.opus: not playable media (no audio track)"


async def test_words_spoken_marking_estimate() -> None:
    text = "one two three four"
    assert spoken_chars(text, 0, 1000) == 3
    assert spoken_chars(text, 500, 1000) == len("one two three")
    assert spoken_chars(text, 1000, 1000) == len(text)


async def test_help_screen_lists_every_key_and_palette_has_commands() -> None:
    from textual.widgets import DataTable

    from player.keymap import ALL_KEYS

    app, _, _ = make_player()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        table = app.screen.query_one(DataTable)
        groups = {key.group for key in ALL_KEYS}
        assert table.row_count == len(ALL_KEYS) + len(groups)  # a heading row per group
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Seek forward 5 s", "Loop the active cue (again to stop)"} <= titles


async def test_quit_key_closes_backend() -> None:
    app, backend, _ = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("q")
    assert backend.closed
    assert app.return_code == 0


async def test_small_terminal_80x24_shows_now_and_status() -> None:
    app, _, clock = make_player(autoplay=True, now=FakeTime())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        clock.advance(1.2)
        app.main.resync_highlight()
        await pilot.pause()
        assert app.query_one(TranscriptView).size.height >= 5
        assert app.query_one("#status").size.height == 1


async def test_rewind_on_resume_replays_the_last_seconds() -> None:
    app, backend, clock = make_player(autoplay=True)
    app.playback.rewind_on_resume_ms = 2000
    async with app.run_test() as pilot:
        await ready(pilot)
        clock.advance(5.0)
        await pilot.press("space")  # pause at 5.0 s
        assert backend.position_ms() == 5000 and not backend.playing
        await pilot.press("space")  # resume 2 s earlier
        assert backend.playing and backend.position_ms() == 3000


async def test_following_does_not_resume_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("player.playback.controller.FOLLOW_RESUME_S", 0.05, raising=False)
    app, _, clock = make_player(autoplay=True)
    async with app.run_test() as pilot:
        await ready(pilot)
        clock.advance(1.5)
        app.main.resync_highlight()
        await pilot.press("space", "down", "down")  # paused; cursor on the cue to edit
        await pilot.pause(0.2)
        app.main.poll()
        assert not app.playback.follow and app.main.transcript.cursor == 2
        await pilot.press("space")  # playing again: following stays off (issue 11)
        await pilot.pause(0.2)
        app.main.poll()
        assert not app.playback.follow and app.main.transcript.cursor == 2
