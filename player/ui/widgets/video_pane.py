"""The video pane: the latest frame from a `FrameSource`, drawn as half-block cells.

A timer (at most `MAX_FPS` a second) asks the source for a frame newer than the last one shown;
if there is none, nothing happens (no waiting, no queue). Its size in pixels (columns × rows × 2)
is handed to the source on each resize so libVLC scales the video for us; a frame of another size
(between a resize and the next re-fit) is resampled by the renderer. Hidden, the pane stops its
timer and disables the source, so no video is decoded for it. While `hold()` is true (the
highlight is about to change) no frame is drawn, so the highlight's repaint never waits for one.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.events import Resize
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from player.playback.video_frames import MAX_FPS, FrameSource
from player.ui.widgets.half_blocks import ColorMode, HalfBlockRenderer

#: Seconds after the last resize before the source is asked to re-fit its frames.
REFIT_DELAY = 0.5


class VideoPane(Widget):
    """Half-block video from a frame source (given now or by `attach` once playback has
    started); `set_active` shows it (and has the video decoded) or hides it."""

    DEFAULT_CSS = """
    VideoPane {
        height: 1fr;
        background: black;
    }
    """

    def __init__(
        self,
        source: FrameSource | None = None,
        *,
        fps: float = MAX_FPS,
        colors: ColorMode | None = None,
        hold: Callable[[], bool] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._source = source
        self._period = 1.0 / min(fps, MAX_FPS)
        self._colors = colors
        self._hold = hold
        self._renderer = HalfBlockRenderer(colors or "truecolor")
        self._strips: list[Strip] = []
        self._seq = 0
        self._timer: Timer | None = None
        self._refit: Timer | None = None
        self.frames_shown = 0

    def on_mount(self) -> None:
        if self._colors is None:
            system = self.app.console.color_system
            self._renderer.colors = "truecolor" if system in (None, "truecolor") else "256"
        self._timer = self.set_interval(self._period, self._show_latest, pause=not self.display)
        if self._source is not None:
            self._source.set_enabled(self.display)

    def attach(self, source: FrameSource) -> None:
        """Take frames from `source` from now on."""
        self._source = source
        self._seq = 0
        source.set_target(self.size.width, self.size.height * 2)
        source.set_enabled(bool(self.display))

    @property
    def active(self) -> bool:
        """Whether the pane is shown (and its video decoded)."""
        return bool(self.display)

    def set_active(self, active: bool) -> None:
        """Show the pane and start taking frames, or hide it and stop the video."""
        self.display = active
        if self._source is not None:
            self._source.set_enabled(active)
        if self._timer is not None:
            if active:
                self._timer.resume()
            else:
                self._timer.pause()

    def on_resize(self, event: Resize) -> None:
        self._strips = []
        if self._source is None:
            return
        self._source.set_target(event.size.width, event.size.height * 2)
        if self._refit is not None:
            self._refit.stop()
        self._refit = self.set_timer(REFIT_DELAY, self._source.refit)
        self._seq = 0  # draw the latest frame again at the new size

    def _show_latest(self) -> None:
        if self._source is None or (self._hold is not None and self._hold()):
            return
        frame = self._source.latest(self._seq)
        if frame is None:
            return
        self._seq = frame.seq
        self._strips = self._renderer.render(frame, self.size.width, self.size.height)
        self.frames_shown += 1
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)
