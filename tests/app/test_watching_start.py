"""At start-up the video pane is shown and its frame source enabled once, never disabled first:
for a Matroska file each change re-opens libVLC's input (vlc_backend._reopen), so a disable and
enable at start would restart playback twice."""

from __future__ import annotations

from tests.app.test_watching_app import make_watcher, ready


async def test_the_frame_source_is_only_ever_enabled_at_start_up() -> None:
    app, _, frames, _ = make_watcher(second=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        assert frames.enabled_calls == [True]
        assert app.main.video_pane.active
