"""The playing screen's clock (player/ui/screens/ticker.py) in the shipped app on the fake
backend: the strip's playhead moves at every clock read that lands in a new column, the
ticker wakes for its next column within a quarter second while playing (not once a second),
word marks share its wake-ups, and nothing is repainted when nothing changed."""

from __future__ import annotations

import numpy as np
import pytest

from captions.speech.envelope import Envelope
from player.app import CaptionPlayerApp
from player.ui.screens import ticker as ticker_mod
from player.ui.screens.main import MainScreen
from player.ui.screens.strip_driver import EnvelopeReady
from player.ui.widgets.now_panel import NowPanel
from tests.app_harness import make_player, started

SIZE = (120, 40)  # the strip shows 4 rows, 120 columns: ±5 s, 83 ms a column


def flat_envelope(duration_ms: int = 15_000) -> Envelope:
    frames = duration_ms // 10
    return Envelope(
        level=np.full(frames, 120, dtype=np.uint8),
        speech=np.ones(frames, dtype=np.bool_),
        duration_ms=duration_ms,
    )


def playhead_column(app: CaptionPlayerApp) -> int:
    """The column drawn in the playhead's colours (top bar row)."""
    strip = app.main.audio_strip
    head = strip.get_component_rich_style("audio-strip--playhead")
    cells = [seg for seg in strip.render_line(0) for _ in seg.text]
    (column,) = [
        i for i, seg in enumerate(cells) if seg.style and seg.style.bgcolor == head.bgcolor
    ]
    return column


async def test_the_playhead_moves_between_two_clock_reads_a_fraction_of_a_second_apart() -> None:
    app, backend, clock = make_player(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.main.strip_driver.ready(EnvelopeReady(flat_envelope()))
        app.main.played(app.playback.seek(5_000))  # the window opens on 0..10 s
        await pilot.pause()
        first = playhead_column(app)
        assert first == 60
        columns = [first]
        for _ in range(3):  # a poll each quarter second of media, as the status refreshes
            clock.advance(0.25)
            app.main.poll()
            await pilot.pause()
            columns.append(playhead_column(app))
        assert columns == [60, 63, 66, 69]
        assert backend.position_ms() == 5_750


async def poll_now(pilot: object, screen: MainScreen) -> None:
    """Let the ticker make the poll it owes (with the strip hidden it wakes for it at once)."""
    screen.audio_strip.display = False
    screen.ticker.schedule(settle=False)
    assert screen.ticker.armed == 0.0
    await pilot.pause(0.05)  # type: ignore[attr-defined]
    screen.audio_strip.display = True


async def test_while_playing_the_ticker_wakes_for_the_next_column_and_paused_it_rests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ticker_mod, "SETTLE_S", 0.0)  # past the fast polls after a start
    app, backend, clock = make_player(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(flat_envelope()))
        screen.played(app.playback.seek(5_640))  # between cues: no word marks
        # A few moves a second at most: at most a third of a second from the last move.
        armed = screen.ticker.armed
        assert armed is not None and 0.0 < armed <= ticker_mod.STEP_S
        await poll_now(pilot, screen)
        # With the strip hidden (a small terminal) only the poll is left: just after the
        # second of media (5.640 s now: 0.362 s to go).
        screen.audio_strip.display = False
        screen.ticker.schedule(settle=False)
        assert screen.ticker.armed == pytest.approx(0.362, abs=0.01)
        screen.audio_strip.display = True
        # Paused: the slow poll only, and nothing moves.
        await pilot.press("space")
        assert not backend.playing
        assert screen.ticker.armed == ticker_mod.POLL_PAUSED_S
        repaints = screen.audio_strip.column_repaints
        clock.advance(1.0)
        screen.poll()
        assert screen.audio_strip.column_repaints == repaints


async def test_a_word_mark_due_soon_takes_the_playhead_along(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ticker_mod, "SETTLE_S", 0.0)
    app, _, _ = make_player(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(flat_envelope()))
        screen.played(app.playback.seek(5_640))  # between cues: no word mark of its own
        await poll_now(pilot, screen)
        ticker = screen.ticker
        ticker.schedule(settle=False)
        step = ticker.armed
        assert step is not None and 0.0 < step <= ticker_mod.STEP_S
        ticker.words_in(step + ticker_mod.STRETCH_S / 2)  # a word just after the step
        ticker.schedule(settle=False)
        assert ticker.armed == pytest.approx(step + ticker_mod.STRETCH_S / 2, abs=0.02)
        ticker.words_in(step + ticker_mod.STRETCH_S * 3)  # too far: the step goes first
        ticker.schedule(settle=False)
        assert ticker.armed == pytest.approx(step, abs=0.02)


async def test_a_poll_that_changes_nothing_repaints_nothing_of_the_now_panel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, _, clock = make_player(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        panel = app.main.query_one(NowPanel)
        refreshes: list[object] = []
        original = panel.refresh

        def counted(*args: object, **kwargs: object) -> object:
            refreshes.append(args)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(panel, "refresh", counted)
        app.main.poll()
        app.main.poll()
        clock.advance(0.3)
        app.main.poll()
        assert refreshes == []
        assert "cue 1" in str(panel.border_subtitle)


async def test_an_error_in_a_loop_timer_reaches_textual_as_a_handler_error() -> None:
    app, _, _ = make_player()

    def broken() -> None:
        raise RuntimeError("broken tick")

    with pytest.raises(RuntimeError, match="broken tick"):
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            ticker_mod.LoopTimer(app.main, 0.0, broken)
            await pilot.pause(0.05)
            await pilot.pause()
