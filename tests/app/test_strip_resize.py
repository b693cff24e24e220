"""Widening the terminal with the audio strip drawn: the strip's lines, drawn for the old width,
are drawn at the new one (it crashed: `line.divide` gave two parts for three)."""

from __future__ import annotations

from pathlib import Path

from player.ui.screens.main import MainScreen
from player.ui.screens.strip_driver import EnvelopeReady
from tests.app.test_strip_in_app import envelope
from tests.app_harness import make_editor, started


async def test_widening_with_the_strip_drawn_keeps_running(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        backend.seek(2_000)
        await pilot.pause(0.3)
        strip = screen.audio_strip
        assert strip.picture is not None and strip.size.width <= 80
        for width, height in ((120, 40), (200, 50)):
            await pilot.resize_terminal(width, height)
            await pilot.pause(0.3)
            assert app.is_running and app.return_code is None
            assert strip.size.width > 80
            for y in range(strip.size.height):
                assert strip.render_line(y).cell_length == strip.size.width
