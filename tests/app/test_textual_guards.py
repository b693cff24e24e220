"""Textual's own failure modes, through the real app: a negative one-shot timer froze the event
loop for good, Ctrl+P then PageUp/PageDown in one burst raised KeyError: 0, a burst of edits
piled up toasts, and segment text reached the terminal unescaped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.command import CommandPalette

from player.ui.notices import MAX_SHOWN
from tests.app_harness import make_editor, make_player, started

ROOT = Path(__file__).resolve().parents[2]

#: The app on a fake backend, with one-shot timers of a negative, zero and tiny delay; then an
#: edit key. Prints what fired. Run in a child: a frozen event loop cannot report itself.
TIMERS = """
import asyncio, sys
from pathlib import Path
from tests.app_harness import make_editor, started

async def main(srt, state):
    app, _, _, document = make_editor(Path(srt), Path(state))
    fired = []
    async with app.run_test() as pilot:
        await started(pilot)
        for delay in (-0.00005, 0.0, 1e-9):
            app.set_timer(delay, lambda delay=delay: fired.append(delay))
        await pilot.press("x")
        while len(fired) < 3:
            await pilot.pause()
        print("fired", len(fired), "offset", app.editing.offset_ms, flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_one_shot_timers_with_negative_zero_or_tiny_delay_fire_and_the_app_goes_on(
    srt: Path, tmp_path: Path
) -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", TIMERS, str(srt), str(tmp_path / "state")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the app froze: a one-shot timer with a negative delay spins Textual forever")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "fired 3 offset 100" in done.stdout


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_palette_then_page_key_in_one_burst(srt: Path, tmp_path: Path, key: str) -> None:
    app, _, _, document = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("x")
        # One burst, as a terminal delivers it: no pause between the two keys.
        app.post_message(events.Key("ctrl+p", None))
        app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app._exception is None
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert app.editing.offset_ms == 100 and document.dirty


async def test_a_burst_of_100_edits_shows_a_few_toasts(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test() as pilot:
        await started(pilot)
        for _ in range(50):
            app.post_message(events.Key("x", "x"))
            app.post_message(events.Key("z", "z"))
        await pilot.press("x")
        await pilot.pause()
        assert app.editing.offset_ms == 100
        assert 1 <= len(app._notifications) <= MAX_SHOWN


def test_segment_text_never_reaches_the_terminal_raw() -> None:
    app, _, _ = make_player()  # the app installs its guards
    from textual.strip import Strip

    hostile = "\x1b]0;pwned\x07 \x1b[31mred\x1b[2J\x1b[H \x9b31m"
    strip = Strip([Segment(hostile, Style(bold=True)), Segment(hostile)])
    out = strip.render(app.console)
    assert "pwned" in out and "␛]0;pwned␇" in out
    assert out.count("\x1b") == 2  # the bold style's own SGR on and off, nothing else
    assert "\x07" not in out and "\x9b" not in out
