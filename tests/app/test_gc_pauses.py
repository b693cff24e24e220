"""No long garbage-collector pauses while playing: the strips the main screen's compositor
writes are freed by reference counting (Textual 8's `Strip.divide` caches `[self]` in the strip,
a cycle), so the video pane's 15 frames a second do not set off full collections; and the
start-up heap is frozen once playback is ready, so a full collection does not scan it (measured
on the app: 80,000 objects, 60-150 ms with the event loop stopped)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from player.ui.compositor import CroppedCompositor
from player.ui.widgets.video_pane import VideoPane
from tests.app_harness import make_player, started
from tests.fake_frames import FakeFrameSource, solid


class PaneScreen(Screen[None]):
    def __init__(self, source: FakeFrameSource) -> None:
        super().__init__()
        self._compositor = CroppedCompositor()
        self.source = source

    def compose(self) -> ComposeResult:
        yield VideoPane(self.source, colors="truecolor")
        yield Static("transcript")


class PaneApp(App[None]):
    CSS = "VideoPane { height: 10; }"

    def __init__(self, source: FakeFrameSource) -> None:
        super().__init__()
        self.source = source

    def on_mount(self) -> None:
        self.push_screen(PaneScreen(self.source))


@contextmanager
def cyclic_garbage() -> Iterator[list[object]]:
    """Collects, into the list it yields, what only the garbage collector could free while the
    block ran (automatic collections off meanwhile)."""
    found: list[object] = []
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def test_replaced_video_frames_leave_no_strips_for_the_garbage_collector() -> None:
    source = FakeFrameSource()
    app = PaneApp(source)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause(0.2)
        pane = app.screen.query_one(VideoPane)
        with cyclic_garbage() as garbage:
            for shade in range(0, 250, 50):
                source.put(solid(40, 20, (shade, 255 - shade, 7)))
                shown = pane.frames_shown
                while pane.frames_shown == shown:
                    await pilot.pause(0.05)
                await pilot.pause(0.05)  # the screen update that writes the frame
        assert pane.frames_shown >= 5
        strips = [thing for thing in garbage if isinstance(thing, Strip)]
        assert strips == []


async def test_the_start_up_heap_is_frozen_while_the_app_runs() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    app, _, _ = make_player()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot)
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0  # unfrozen when the app ends: no app outlives it
    finally:
        gc.unfreeze()
