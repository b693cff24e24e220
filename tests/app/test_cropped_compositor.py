"""CroppedCompositor: a partial update renders only the rows it writes, and writes exactly what
Textual's own compositor writes for the same dirty region."""

from __future__ import annotations

from rich.segment import Segment
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from player.ui.compositor import CroppedCompositor
from player.ui.widgets.now_panel import NowPanel
from tests.app_harness import make_player, started


def written(update: ChopsUpdate | None) -> list[tuple[int, list[Segment]]]:
    """The segments a partial update writes, line by line (its spans only)."""
    assert update is not None
    out = []
    for y, x1, x2 in update.spans:
        line = update.chops[y]
        segments = [
            seg for cut, strip in line.items() if strip and x1 <= cut <= x2 for seg in strip
        ]
        out.append((y, segments))
    return out


def partial_update(compositor: Compositor, region: Region) -> tuple[list[object], list[str]]:
    """What `compositor` writes for `region`, and the widgets it rendered on the way."""
    rendered: list[str] = []
    original = Widget.render_lines

    def counting(widget: Widget, crop: Region) -> list[Strip]:
        rendered.append(type(widget).__name__)
        return original(widget, crop)

    compositor._dirty_regions.clear()
    compositor._dirty_regions.add(region)
    Widget.render_lines = counting  # type: ignore[method-assign]
    try:
        update = compositor.render_partial_update()
    finally:
        Widget.render_lines = original  # type: ignore[method-assign]
    assert isinstance(update, ChopsUpdate)
    return list(written(update)), rendered


async def test_partial_update_renders_only_what_it_writes() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = app.screen
        ours = screen._compositor
        assert isinstance(ours, CroppedCompositor)
        app.query_one(NowPanel).show_cue(app.playback.track, 0, 1900)  # a word mark
        await pilot.pause()
        stock = Compositor()
        stock.reflow(screen, screen.size)
        for name in ("#now-current", "#status", "#transcript"):
            region = app.query_one(name).region
            region = Region(region.x + 2, region.y, 40, min(2, region.height))
            frame, rendered = partial_update(ours, region)
            stock_frame, stock_rendered = partial_update(stock, region)
            assert frame == stock_frame, name
            assert "Header" not in rendered and "Footer" not in rendered, name
            assert "Header" in stock_rendered  # Textual renders every top-level widget
