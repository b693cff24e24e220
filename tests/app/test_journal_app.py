"""The editor's crash journal against hostile conditions: a second caption-player on the same
file (a real other process), and a state folder that became unwritable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from player.app import CaptionPlayerApp, make_app
from player.editing.journal import Journal
from player.settings import Settings
from player.ui.dialogs.choice import ChoiceScreen
from tests.app_harness import make_editor, started
from tests.fakes import FakeBackend, FakeTime
from tests.unit.test_journal_owner import start_other, stop


def messages(app: CaptionPlayerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_for_message(pilot: object, needle: str) -> list[str]:
    """Pause until a notification holds `needle` (a journal write lands within a second)."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(150):
        shown = messages(app)
        if any(needle in m for m in shown):
            return shown
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError(f"no notification with {needle!r}: {messages(app)}")


async def test_second_instance_says_so_and_leaves_the_first_ones_journal(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    other, others_journal = start_other(srt, state, 700)
    try:
        app, _, _, document = make_editor(srt, state)
        async with app.run_test() as pilot:
            await started(pilot)
            assert not isinstance(app.screen, ChoiceScreen)  # the live one's edits: not offered
            shown = messages(app)
            assert any(f"open in another caption-player (pid {other.pid})" in m for m in shown)
            await pilot.press("z", "z", "z")
            app.main._flush_journal()
            mine = app.editing.journal.path_for(srt)
            assert mine != others_journal
            assert json.loads(mine.read_bytes())["offset_ms"] == -300
            assert json.loads(others_journal.read_bytes())["offset_ms"] == 700
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.click("#answer-discard")
            await pilot.pause()
        assert document.dirty  # discarded, not saved
        assert not mine.exists()
        assert json.loads(others_journal.read_bytes())["offset_ms"] == 700
    finally:
        stop(other)


async def test_first_edit_after_the_state_folder_became_unwritable_warns(
    srt: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    backend = FakeBackend(15_000, FakeTime())
    # As the app runs it: journal writes on their own thread.
    app = make_app(
        Settings(media=Path("fake.opus"), captions=srt, autoplay=False),
        backend_factory=lambda: backend,
        journal=Journal(state, background=True),
    )
    async with app.run_test() as pilot:
        await started(pilot)
        recovery = state / "recovery"
        shutil.rmtree(recovery, ignore_errors=True)
        state.mkdir(parents=True, exist_ok=True)
        recovery.write_text("not a folder")  # unwritable, even for root
        await pilot.press("x")  # the first edit since
        shown = await wait_for_message(pilot, "crash journal not written")
        assert len([m for m in shown if "crash journal not written" in m]) == 1
