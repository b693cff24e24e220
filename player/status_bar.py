"""The bottom status: a seek bar you can click, and a line of playback facts."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from captions.timecode import format_duration, format_time


class SeekBar(Widget):
    """Elapsed portion of the media; a click seeks there."""

    DEFAULT_CSS = """
    SeekBar { height: 1; color: $accent; background: $panel; }
    """
    position_ms: reactive[int] = reactive(0)
    duration_ms: reactive[int] = reactive(0)

    class Seek(Message):
        """The user clicked the bar at `ms`."""

        def __init__(self, ms: int) -> None:
            self.ms = ms
            super().__init__()

    def render(self) -> Text:
        width = self.size.width
        if width <= 0:
            return Text("")
        filled = 0
        if self.duration_ms > 0:
            filled = min(width, round(width * self.position_ms / self.duration_ms))
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

    def show(
        self,
        *,
        state: str,
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
        after the time so a narrow terminal does not cut it off."""
        hours = duration_ms >= 3_600_000
        parts = [
            f"{state} {format_time(position_ms, hours=hours, digits=1)} / "
            f"{format_time(duration_ms, hours=hours, digits=1)}",
            *([note] if note else []),
            f"{rate:.2f}×",
            "muted" if muted else f"vol {volume}",
            f"audio: {audio}",
            captions,
            f"offset {format_duration(offset_ms)}",
        ]
        self.update(Text("  │  ".join(parts), no_wrap=True, overflow="ellipsis"))
