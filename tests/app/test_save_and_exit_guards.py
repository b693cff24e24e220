"""Saving a read-only file asks first (as vim does), even as root, who may write it anyway; and
an abnormal exit (an exception inside Textual, SIGTERM, SIGHUP) writes the journal first, so
the edits of the last half second are not lost."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import player.ui.screens.main
from player.ui.dialogs.choice import ChoiceScreen
from tests.app_harness import make_editor, started

ROOT = Path(__file__).resolve().parents[2]


async def test_ctrl_s_on_a_read_only_file_asks_first(srt: Path, tmp_path: Path) -> None:
    srt.chmod(0o444)
    original = srt.read_bytes()
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "read-only" in app.screen._message
        assert srt.read_bytes() == original
        await pilot.press("escape")  # Esc cancels
        await pilot.pause()
        assert document.dirty and srt.read_bytes() == original
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#answer-overwrite")
        await pilot.pause()
        assert not document.dirty and srt.read_bytes() != original
    assert stat.S_IMODE(srt.stat().st_mode) == 0o444  # still read-only


async def test_quit_save_on_a_read_only_file_asks_then_quits(srt: Path, tmp_path: Path) -> None:
    srt.chmod(0o444)
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "q")
        await pilot.pause()
        await pilot.click("#answer-save")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "read-only" in app.screen._message
        await pilot.click("#answer-overwrite")
        await pilot.pause()
        await pilot.pause()
        assert not app.is_running
    assert not document.dirty


async def test_an_exception_inside_textual_writes_the_journal_first(
    srt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The journal timer must not get there first: only the crash can write it.
    monkeypatch.setattr(player.ui.screens.main, "JOURNAL_DELAY_S", 3600.0)
    app, _, _, _ = make_editor(srt, tmp_path / "state")

    def boom() -> None:
        raise RuntimeError("boom inside Textual")

    with pytest.raises(RuntimeError, match="boom inside Textual"):
        async with app.run_test() as pilot:
            await started(pilot)
            await pilot.press("x", "x")
            journal = app.editing.journal.path_for(srt)
            assert not journal.exists()
            app.call_later(boom)
            await pilot.pause()
    assert json.loads(journal.read_bytes())["offset_ms"] == 200


#: The app on the fake backend: two edits, then a signal to this very process.
SIGNALLED = """
import asyncio, os, sys
from pathlib import Path
import player.ui.screens.main
from tests.app_harness import make_editor, started

player.ui.screens.main.JOURNAL_DELAY_S = 3600.0

async def main(srt, state, signum):
    app, _, _, _ = make_editor(Path(srt), Path(state))
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x", "x")
        print(app.editing.journal.path_for(Path(srt)), flush=True)
        os.kill(os.getpid(), signum)
        await pilot.pause()
        await pilot.pause()
    print("exit", app.return_code, flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_writes_the_journal_first(srt: Path, tmp_path: Path, signum: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SIGNALLED, str(srt), str(tmp_path / "state"), str(int(signum))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TERM": "dumb"},
    )
    lines = done.stdout.split()
    assert lines, done.stderr[-2000:]
    journal = Path(lines[0])
    assert journal.exists(), f"no journal after the signal (exit {done.returncode})"
    assert json.loads(journal.read_bytes())["offset_ms"] == 200
    assert lines[-2:] == ["exit", str(128 + signum)]
