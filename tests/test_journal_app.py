"""The editor's crash journal against hostile conditions: a second caption-player on the same
file (a real other process), and a state folder that became unwritable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from captions.document import Document
from player.autosync_app import AutoSyncApp
from player.dialogs.choice import ChoiceScreen
from player.fake_backend import FakeBackend
from player.journal import Journal
from player.session import Session
from tests.app_harness import SMALL_SRT, FakeTime, make_editor
from tests.test_journal_owner import start_other, stop


@pytest.fixture
def srt(tmp_path: Path) -> Path:
    path = tmp_path / "talk.srt"
    path.write_text(SMALL_SRT, encoding="utf-8")
    return path


def messages(app: AutoSyncApp) -> list[str]:
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
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(app.screen, ChoiceScreen)  # the live one's edits: not offered
            shown = messages(app)
            assert any(f"open in another caption-player (pid {other.pid})" in m for m in shown)
            await pilot.press("z", "z", "z")
            app._flush_journal()
            mine = app.journal.path_for(srt)
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
    document = Document.open(srt)
    backend = FakeBackend(15_000, FakeTime())
    session = Session(
        media=Path("fake.opus"),
        track=document.track,
        captions_label=srt.name,
        backend_factory=lambda: backend,
        autoplay=False,
    )
    # As the app runs it: journal writes on their own thread.
    app = AutoSyncApp(session, document, journal=Journal(state, background=True))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        recovery = state / "recovery"
        shutil.rmtree(recovery, ignore_errors=True)
        state.mkdir(parents=True, exist_ok=True)
        recovery.write_text("not a folder")  # unwritable, even for root
        await pilot.press("x")  # the first edit since
        shown = await wait_for_message(pilot, "crash journal not written")
        assert len([m for m in shown if "crash journal not written" in m]) == 1
