"""Playback keys say what they did on the action line, at every width: at 80 columns the status
has no room for speed, volume and mute, which changed without a word; `l` loops the active
cue (it looped the spoken one, with the cursor elsewhere); `v` and `b` answer on the action
line, not with a toast over the status."""

from __future__ import annotations

from pathlib import Path

from player.ui.widgets.status_bar import ActionLine
from tests.app_harness import make_editor, started


def said(app: object) -> str:
    return app.screen.query_one("#action", ActionLine).text  # type: ignore[attr-defined, no-any-return]


async def test_speed_volume_mute_loop_and_toggles_are_said(srt: Path, state_dir: Path) -> None:
    app, backend, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot)
        await pilot.press("right_square_bracket")
        assert said(app) == "Speed 1.10×"
        await pilot.press("9")
        assert said(app) == "Volume 95"
        await pilot.press("m")
        assert said(app) == "Muted"
        await pilot.press("m")
        assert said(app) == "Sound on"
        backend.seek(1_500)  # cue 1 is spoken; the cursor goes to cue 3
        await pilot.press("f", "down", "down", "l")
        assert said(app) == "Looping cue 3"
        assert app.playback.loop_cue == 2
        assert 7_000 <= backend.position_ms() < 9_000  # went to the looped cue
        await pilot.press("l")
        assert said(app) == "Loop off"
        await pilot.press("v")
        assert said(app) and not app._notifications
