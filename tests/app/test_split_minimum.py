""" "Split here" never proposes a part shorter than the minimum: with the text cursor at the end
(where the editor opens) it proposed the cue's end less 1 ms and made a 0.001 s empty cue; now
it proposes the middle word gap, and a typed time leaving a part under 0.1 s is refused."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from player.ui.dialogs.text_edit import TextEditScreen, proposed_split_ms, split_offset
from tests.app_harness import make_editor, started

#: The small SRT's cue 1: 1000-3000, "First cue is here."


async def test_split_with_the_cursor_at_the_end_splits_in_the_middle(
    srt: Path, state_dir: Path
) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("e")  # the editor opens with the cursor after the last word
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextEditScreen)
        field = dialog.query_one("#split-time", Input)
        assert field.value == "00:02.000"  # the gap after "First cue": 9 of 18 characters
        await pilot.click("#split")
        await pilot.pause()
        events = app.editing.track.events
        assert [(e.start, e.end, e.text) for e in events[:2]] == [
            (1000, 2000, "First cue"),
            (2000, 3000, "is here."),
        ]


async def test_a_typed_time_leaving_a_part_under_the_minimum_is_refused(
    srt: Path, state_dir: Path
) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextEditScreen)
        dialog.query_one("#split-time", Input).value = "00:02.950"
        await pilot.click("#split")
        await pilot.pause()
        assert isinstance(app.screen, TextEditScreen)
        assert "at least 0.1 s" in str(dialog.query_one("#split-error").render())
        assert len(app.editing.track.events) == 4


def test_proposals_keep_both_parts_at_the_minimum() -> None:
    assert proposed_split_ms(118_400, 120_402, 200, 200) == 120_302
    assert proposed_split_ms(0, 4_000, 0, 50) == 100
    assert proposed_split_ms(0, 150, 10, 10) == 149  # too short for two minimum parts
    assert split_offset("one two three", 13) == 7  # cursor at the end: the middle gap
    assert split_offset("one two three", 3) == 3
    assert split_offset("single", 6) == 6
