"""CroppedCompositor's partial updates: they render only the dirty rows (not the band between
the first and the last), and a sequence of them composes to what a full render shows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from captions.speech.envelope import Envelope
from player.ui.compositor import CroppedCompositor, row_runs
from player.ui.screens.main import MainScreen
from player.ui.screens.strip_driver import EnvelopeReady
from tests.app_harness import make_editor, make_player, started

SIZE = (120, 40)
Cell = tuple[str, Style | None]


def partial_update(
    compositor: CroppedCompositor, dirty: Iterable[Region]
) -> tuple[object, list[tuple[Widget, Region]]]:
    """`compositor`'s partial update of the `dirty` regions, and each (widget, crop) whose
    lines it rendered for it."""
    calls: list[tuple[Widget, Region]] = []
    original = Widget.render_lines

    def recording(widget: Widget, crop: Region) -> list[Strip]:
        calls.append((widget, crop))
        return original(widget, crop)

    compositor._dirty_regions.clear()
    compositor._dirty_regions.update(dirty)
    Widget.render_lines = recording  # type: ignore[method-assign,assignment]
    try:
        update = compositor.render_partial_update()
    finally:
        Widget.render_lines = original  # type: ignore[method-assign]
    return update, calls


def cells(strips: Iterable[Strip | None]) -> list[Cell]:
    """One row of the terminal, cell by cell (a wide character takes its cell and a blank)."""
    row: list[Cell] = []
    for strip in strips:
        for segment in strip or ():
            if segment.control:
                continue
            for char in segment.text:
                row.append((char, segment.style))
                row.extend([("", segment.style)] * (cell_len(char) - 1))
    return row


class Terminal:
    """The screen as the updates the app's compositor returns leave it."""

    def __init__(self, full: LayoutUpdate) -> None:
        self.rows: list[list[Cell]] = []
        self.apply(full)

    def apply(self, update: object) -> None:
        if isinstance(update, LayoutUpdate):
            self.rows = [cells(line) for line in update.strips]
        elif isinstance(update, ChopsUpdate):
            # As `ChopsUpdate.render_segments` writes: each chop a span meets, from the chop's
            # start to its end or the span's (an empty chop a span meets would leave stale
            # cells on the terminal).
            for y, x1, x2 in update.spans:
                chops = update.chops[y]
                for (x, strip), end in zip(chops.items(), update.chop_ends[y], strict=True):
                    if x >= x2 or end <= x1:
                        continue
                    assert strip is not None, f"row {y}: cells {x}-{end} written but not filled"
                    stop = min(end, x2)
                    self.rows[y][x:stop] = cells([strip])[: stop - x]


def full_render(screen: MainScreen) -> list[list[Cell]]:
    """The screen as Textual's own compositor renders it whole."""
    stock = Compositor()
    stock.reflow(screen, screen.size)
    return Terminal(stock.render_full_update()).rows


class Recorder:
    """Feeds every update the screen's compositor returns to a Terminal."""

    def __init__(self, screen: MainScreen) -> None:
        compositor = screen._compositor
        assert isinstance(compositor, CroppedCompositor)
        self.screen = screen
        self.terminal = Terminal(Compositor.render_full_update(compositor))
        self.partials = 0
        original = compositor.render_update

        def recorded(*args: object, **kwargs: object) -> object:
            update = original(*args, **kwargs)  # type: ignore[arg-type]
            self.partials += isinstance(update, ChopsUpdate)
            self.terminal.apply(update)
            return update

        compositor.render_update = recorded  # type: ignore[method-assign,assignment]

    async def settle(self, pilot: object) -> None:
        """Let the app handle what is queued, then flush the repaint it owes."""
        await pilot.pause()  # type: ignore[attr-defined]
        self.screen._on_timer_update()


def envelope(duration_ms: int = 15_000) -> Envelope:
    frames = duration_ms // 10
    level = (np.arange(frames) * 7 % 200).astype(np.uint8)
    return Envelope(level=level, speech=level > 60, duration_ms=duration_ms)


def test_row_runs() -> None:
    assert list(row_runs([9, 0, 1, 2, 5, 10, 2])) == [(0, 3), (5, 1), (9, 2)]
    assert list(row_runs([])) == []


async def test_playing_with_the_strip_composes_to_the_full_render() -> None:
    app, _, clock = make_player(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        screen.played(app.playback.seek(500))
        await pilot.pause()
        recorder = Recorder(screen)
        for _ in range(40):  # 0.5-10.5 s: word marks, cue changes, the playhead, the status
            clock.advance(0.25)
            screen.poll()
            await recorder.settle(pilot)
        assert recorder.partials >= 20
        assert recorder.terminal.rows == full_render(screen)


@pytest.mark.parametrize("keys", [("down", "down", "."), ("end", "up", "<", "home")])
async def test_editing_composes_to_the_full_render(
    srt: Path, tmp_path: Path, keys: tuple[str, ...]
) -> None:
    app, _, clock, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        await pilot.pause()
        recorder = Recorder(screen)
        for key in keys:
            await pilot.press(key)
            await recorder.settle(pilot)
            clock.advance(0.25)
            screen.poll()
            await recorder.settle(pilot)
        assert recorder.partials >= len(keys)
        assert recorder.terminal.rows == full_render(screen)


async def test_two_far_apart_dirty_rows_render_only_those_rows() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        await pilot.pause()
        compositor = screen._compositor
        now, status = app.query_one("#now-current").region, app.query_one("#status").region
        dirty = [Region(now.x + 2, now.y, 10, 1), Region(status.x, status.y, 20, 1)]
        assert status.y - now.y > 10  # far apart: the band between them is most of the screen
        update, calls = partial_update(compositor, dirty)
        assert isinstance(update, ChopsUpdate)
        rendered_rows = {
            row
            for widget, crop in calls
            for row in range(widget.region.y + crop.y, widget.region.y + crop.y + crop.height)
        }
        assert rendered_rows == {now.y, status.y}
        # What it writes is what Textual's own compositor writes for the same regions.
        stock = Compositor()
        stock.reflow(screen, screen.size)
        stock._dirty_regions.clear()
        stock._dirty_regions.update(dirty)
        expected = stock.render_partial_update()
        assert expected is not None and update.spans == expected.spans
        for y, x1, x2 in update.spans:
            ours = cells(update.chops[y].values())[x1:x2]
            assert ours == cells(expected.chops[y].values())[x1:x2]


async def test_a_widget_hidden_on_the_dirty_rows_is_not_rendered() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        await pilot.pause()
        compositor = screen._compositor
        strip = screen.audio_strip.region  # the playhead's move: the strip covers the screen
        update, calls = partial_update(compositor, [Region(strip.x + 30, strip.y, 2, strip.height)])
        assert isinstance(update, ChopsUpdate)
        assert [type(widget).__name__ for widget, _ in calls] == ["AudioStrip"]
        assert all(None not in update.chops[y].values() for y, _, _ in update.spans)


async def test_a_widget_no_span_writes_is_not_rendered() -> None:
    """A word mark dirties the now panel's current line: the panel's border and padding beside
    it are not written, so the panel itself is not rendered."""
    app, _, _ = make_player()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.main
        compositor = screen._compositor
        line = screen.query_one("#now-current").region
        update, calls = partial_update(compositor, [line])
        assert isinstance(update, ChopsUpdate)
        assert [f"{type(w).__name__}#{w.id}" for w, _ in calls] == ["MarkedLine#now-current"]
        assert {(x1, x2) for _, x1, x2 in update.spans} == {(line.x, line.right)}
