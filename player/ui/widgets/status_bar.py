"""The bottom status: a seek bar you can click, and a line of playback facts."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from captions.text_safety import inert
from captions.timecode import format_duration, format_time


class SeekBar(Widget):
    """Elapsed portion of the media; a click seeks there."""

    DEFAULT_CSS = """
    SeekBar { height: 1; color: $accent; background: $panel; }
    """
    duration_ms: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.position_ms = 0
        self._drawn_cells = -1

    def _cells(self) -> int:
        width = self.size.width
        if self.duration_ms <= 0 or width <= 0:
            return 0
        return min(width, round(width * self.position_ms / self.duration_ms))

    def set_position(self, ms: int) -> None:
        """Move the playhead; repaints only when the filled part changes by a cell."""
        self.position_ms = ms
        if self._cells() != self._drawn_cells:
            self.refresh()

    class Seek(Message):
        """The user clicked the bar at `ms`."""

        def __init__(self, ms: int) -> None:
            self.ms = ms
            super().__init__()

    def render(self) -> Text:
        width = self.size.width
        if width <= 0:
            return Text("")
        filled = self._drawn_cells = self._cells()
        return Text("━" * filled, style="bold") + Text("─" * (width - filled), style="dim")

    def on_click(self, event: events.Click) -> None:
        if self.duration_ms > 0 and self.size.width > 0:
            fraction = min(1.0, max(0.0, event.x / self.size.width))
            self.post_message(self.Seek(round(fraction * self.duration_ms)))


class StatusLine(Static):
    """Playback state, time, rate, volume, audio output, caption file and offset."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._shown = ""

    def show(
        self,
        *,
        state: str,
        playing: bool,
        position_ms: int,
        duration_ms: int,
        rate: float,
        volume: int,
        muted: bool,
        audio: str,
        captions: str,
        offset_ms: int,
        note: str = "",
    ) -> None:
        """Render every field; `note` is a transient message (fallbacks, loop state), shown right
        after the time so a narrow terminal does not cut it off. Whole seconds while playing (a
        repaint a second, not ten), milliseconds when paused, for fixing timing."""
        hours = duration_ms >= 3_600_000
        digits = 0 if playing else 3
        parts = [
            f"{state} {format_time(position_ms, hours=hours, digits=digits)} / "
            f"{format_time(duration_ms, hours=hours, digits=digits)}",
            *([note] if note else []),
            f"{rate:.2f}×",
            "muted" if muted else f"vol {volume}",
            f"audio: {audio}",
            captions,
            f"offset {format_duration(offset_ms)}",
        ]
        text = inert("  │  ".join(parts))  # notes name files and quote libvlc
        if text != self._shown:
            self._shown = text
            self.update(Text(text, no_wrap=True, overflow="ellipsis"))
