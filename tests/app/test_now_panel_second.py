"""The second track's line sits right under the main cue in the now panel (it was two blank
rows below a one-line cue)."""

from __future__ import annotations

from player.ui.widgets.now_panel import NowPanel
from tests.app.test_hostile_tui import shown
from tests.app.test_watching_app import make_watcher, ready


async def test_the_translation_is_right_under_the_cue() -> None:
    app, backend, _, _ = make_watcher(video=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        backend.seek(1500)
        app.main.poll()
        await pilot.pause(0.2)
        panel = app.screen.query_one(NowPanel)
        rows = shown(app).split("\n")[panel.region.y : panel.region.bottom]
        main = next(i for i, row in enumerate(rows) if "First cue is here." in row)
        assert "Premier repère ici." in rows[main + 1], "\n".join(rows)
