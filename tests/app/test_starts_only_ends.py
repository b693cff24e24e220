"""An end edit in a file that stores no ends (a transcript, LRC) says that saving will not keep
it; start edits and files with ends say nothing of the kind."""

from __future__ import annotations

from pathlib import Path

from player.app import CaptionPlayerApp
from player.ui.widgets.status_bar import ActionLine
from tests.app_harness import make_editor, started

TRANSCRIPT = "[00:01.000]\nOne.\n[00:04.000]\nTwo.\n[00:08.000]\nThree.\n"
NOTE = "saves no ends: Ctrl+E exports them"


def action(app: CaptionPlayerApp) -> str:
    return app.main.query_one(ActionLine).text


async def test_an_end_nudge_in_a_transcript_says_it_is_not_saved(
    tmp_path: Path, state_dir: Path
) -> None:
    path = tmp_path / "talk.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    app, _, _, _ = make_editor(path, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("down", ">")  # cue 2's end, 8.000 -> 8.100
        assert app.playback.track.events[1].end == 8100
        assert f"a transcript {NOTE}" in action(app)
        await pilot.press(",")  # a start: saved, nothing to say
        assert NOTE not in action(app)
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+y")  # a redo is not a new edit
        assert NOTE not in action(app)


async def test_an_end_nudge_in_srt_has_no_such_note(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_editor(srt, state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press(">")
        assert "Nudge cue 1 end" in action(app)
        assert NOTE not in action(app)
