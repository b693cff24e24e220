"""A smaller terminal keeps the active cue in view: after 120x40 -> 80x24 the list showed
cues 1-10 with the cursor on cue 20."""

from __future__ import annotations

from pathlib import Path

from player.ui.widgets.transcript_view import TranscriptView
from tests.app_harness import make_editor, started

SRT = "".join(
    f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\ncue number {i + 1}\n\n" for i in range(40)
)


async def test_the_active_cue_stays_in_view_when_the_terminal_shrinks(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    app, _, _, _ = make_editor(path, tmp_path / "state", duration_ms=45_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press(*["down"] * 19)  # cue 20
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        assert view.cursor == 19
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        top = int(view.scroll_offset.y) // view.lines_per_row
        shown = view.scrollable_content_region.height // view.lines_per_row
        assert top <= view.cursor < top + shown, (top, shown)
