"""The video pane in a small App with a fake frame source: it draws the latest frame, tells the
source its pixel size, drops what it has not drawn, and stops the source when hidden."""

from __future__ import annotations

from rich.color import Color
from textual.app import App, ComposeResult
from textual.widgets import Static

from player.ui.widgets.half_blocks import UPPER_HALF
from player.ui.widgets.video_pane import VideoPane
from tests.fake_frames import FakeFrameSource, solid


class PaneApp(App[None]):
    CSS = "VideoPane { height: 10; } #below { height: 1fr; }"

    def __init__(self, source: FakeFrameSource) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield VideoPane(self.source, colors="truecolor", id="video")
        yield Static("transcript", id="below")


def cell_colours(pane: VideoPane, x: int, y: int) -> tuple[Color | None, Color | None]:
    strip = pane.render_line(y)
    cells = [(seg.style, ch) for seg in strip for ch in seg.text]
    style, ch = cells[x]
    assert ch == UPPER_HALF
    assert style is not None
    return style.color, style.bgcolor


async def test_the_pane_tells_the_source_its_size_in_pixels() -> None:
    source = FakeFrameSource()
    async with PaneApp(source).run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        assert source.targets[-1] == (40, 20)  # 40 columns, 10 rows of two pixels
        assert source.enabled_calls == [True]


async def test_the_latest_frame_is_drawn_as_half_blocks() -> None:
    source = FakeFrameSource()
    async with PaneApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        source.put(solid(40, 20, (248, 8, 8)))
        await pilot.pause(0.2)
        assert pane.frames_shown == 1
        assert cell_colours(pane, 0, 0) == (Color.from_rgb(248, 8, 8),) * 2
        # Two frames between ticks: only the newer is drawn; the older is dropped.
        source.put(solid(40, 20, (0, 248, 0)))
        source.put(solid(40, 20, (0, 0, 248)))
        await pilot.pause(0.2)
        assert pane.frames_shown == 2
        assert cell_colours(pane, 39, 9) == (Color.from_rgb(0, 0, 248),) * 2


async def test_no_new_frame_means_no_redraw() -> None:
    source = FakeFrameSource()
    async with PaneApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        source.put(solid(40, 20, (1, 2, 3)))
        await pilot.pause(0.2)
        await pilot.pause(0.3)
        assert pane.frames_shown == 1
        assert source.asked >= 3  # it kept asking, and did not wait for an answer


async def test_hiding_the_pane_stops_the_source_and_frees_the_space() -> None:
    source = FakeFrameSource()
    async with PaneApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        below = pilot.app.query_one("#below")
        assert below.region.y == 10
        pane.set_active(False)
        await pilot.pause()
        assert source.enabled_calls[-1] is False
        assert below.region.y == 0
        asked = source.asked
        source.put(solid(40, 20, (8, 8, 8)))
        await pilot.pause(0.3)
        assert source.asked == asked  # hidden: the timer is paused
        assert pane.frames_shown == 0
        pane.set_active(True)
        await pilot.pause(0.3)
        assert source.enabled_calls[-1] is True
        assert pane.frames_shown >= 1
        assert cell_colours(pane, 0, 0) == (Color.from_rgb(8, 8, 8),) * 2
        assert below.region.y == 10


async def test_a_resize_asks_for_frames_at_the_new_size_and_a_refit() -> None:
    source = FakeFrameSource()
    app = PaneApp(source)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        source.put(solid(40, 20, (4, 8, 12)))
        await pilot.pause(0.2)
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.7)
        assert source.targets[-1] == (60, 20)
        assert source.refits >= 1
        # The old frame is drawn again, fitted to the new size (60×20 pixels: 40×20 centred).
        assert pane.render_line(0).cell_length == 60
        assert cell_colours(pane, 30, 0) == (Color.from_rgb(4, 8, 12),) * 2


async def test_a_source_attached_after_start_gets_the_size_and_is_drawn() -> None:
    source = FakeFrameSource()

    class LateApp(PaneApp):
        def compose(self) -> ComposeResult:
            yield VideoPane(colors="truecolor", id="video")
            yield Static("transcript", id="below")

    async with LateApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        await pilot.pause(0.2)  # no source yet: nothing to ask, nothing breaks
        pane.attach(source)
        assert source.targets == [(40, 20)]
        assert source.enabled_calls == [True]
        source.put(solid(40, 20, (32, 64, 128)))
        await pilot.pause(0.2)
        assert cell_colours(pane, 20, 5) == (Color.from_rgb(32, 64, 128),) * 2


async def test_below_24_bit_colour_the_pane_uses_the_xterm_palette() -> None:
    source = FakeFrameSource()

    class AutoApp(PaneApp):
        def compose(self) -> ComposeResult:
            yield VideoPane(self.source, id="video")  # colours chosen from the console

    async with AutoApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        truecolor = pilot.app.console.color_system == "truecolor"
        source.put(solid(40, 20, (255, 0, 0)))
        await pilot.pause(0.2)
        expected = Color.from_rgb(252, 0, 0) if truecolor else Color.from_ansi(196)
        assert cell_colours(pane, 0, 0) == (expected,) * 2


async def test_no_frame_is_drawn_while_the_highlight_is_about_to_change() -> None:
    source = FakeFrameSource()
    holding = [True]

    class HoldApp(PaneApp):
        def compose(self) -> ComposeResult:
            yield VideoPane(self.source, colors="truecolor", hold=lambda: holding[0])

    async with HoldApp(source).run_test(size=(40, 20)) as pilot:
        pane = pilot.app.query_one(VideoPane)
        source.put(solid(40, 20, (4, 8, 12)))
        await pilot.pause(0.3)
        assert pane.frames_shown == 0
        holding[0] = False
        await pilot.pause(0.2)
        assert pane.frames_shown == 1
