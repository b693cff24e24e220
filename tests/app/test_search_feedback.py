"""Search says what it found: a query that matches nothing says so while typing (Enter closed
the box silently and only `n` told), a later query that matches replaces that message, and
`n` with a single match says it is the only one."""

from __future__ import annotations

from player.ui.widgets.status_bar import ActionLine
from tests.app_harness import make_player, started


async def test_search_says_what_it_found_and_replaces_old_news() -> None:
    app, _, _ = make_player()
    async with app.run_test() as pilot:
        await started(pilot)
        action = app.main.query_one(ActionLine)
        await pilot.press("slash", *"zzqq")
        assert action.text == "No match for 'zzqq'."
        await pilot.press(*["backspace"] * 4, *"third")
        assert action.text == "1 cue has 'third'."
        await pilot.press("enter", "n")
        assert action.text == "Cue 3 is the only one with 'third'."
        await pilot.press("slash", *["backspace"] * 5, "e")
        assert action.text.endswith("cues have 'e'.")
