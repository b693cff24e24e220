"""The resync dialog shows each anchor's time on screen, whatever the cue's text: the time was
cut off ("heard at" and blanks) when a long text pushed the line past the Remove button."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.ui.dialogs.resync import ResyncScreen
from tests.app.test_hostile_tui import shown
from tests.app_harness import make_editor, started

LONG = "And this paper written with Andrew and others, about the way we measured it"
SRT = (
    f"1\n00:00:01,000 --> 00:00:03,000\n{LONG}\n\n"
    f"2\n00:00:09,000 --> 00:00:12,000\n{LONG} once more\n"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_each_anchor_shows_its_time(tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    app, backend, _, _ = make_editor(path, tmp_path / "state")
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        backend.seek(1_500)
        await pilot.press("a", "end")
        backend.seek(10_000)
        await pilot.press("a", "A")
        await pilot.pause()
        assert isinstance(app.screen, ResyncScreen)
        screen = shown(app)
        assert "heard at 00:01.250" in screen and "heard at 00:09.750" in screen, screen
        assert 'cue 1 "And this paper' in screen and screen.count("Remove") == 2
