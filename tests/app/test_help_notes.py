"""The help's notes fold to one line on a short screen (at 80x24 they took 10 of 22 rows
before the first key) and are open on a tall one."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Collapsible, DataTable

from tests.app_harness import make_editor, started


@pytest.mark.parametrize(("size", "folded"), [((80, 24), True), ((120, 40), False)])
async def test_notes_leave_the_rows_to_the_keys(
    srt: Path, state_dir: Path, size: tuple[int, int], folded: bool
) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        notes = app.screen.query_one(Collapsible)
        table = app.screen.query_one(DataTable)
        assert notes.collapsed is folded
        if folded:
            assert notes.region.height <= 2 and table.region.height >= 15
            await pilot.click(Collapsible)  # the title opens them
            await pilot.pause()
            assert not app.screen.query_one(Collapsible).collapsed
