"""The bottom status: a seek bar you can click, a line of playback facts, and a line for the
last action."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from captions.text_safety import inert, inert_line
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


#: Between status fields.
SEPARATOR = " │ "


def fit_fields(essential: list[str], optional: list[str], width: int, note: str = "") -> str:
    """The essential fields always (cut only if even they do not fit), then `note` (cut with an
    ellipsis to the room left), then as many optional fields, in order, as fit in `width`."""
    text = SEPARATOR.join(essential)
    if note:
        room = width - len(text) - len(SEPARATOR)
        if room >= 2:
            text += SEPARATOR + (note if len(note) <= room else note[: room - 1] + "…")
    for field in optional:
        longer = text + SEPARATOR + field
        if len(longer) > width:
            break
        text = longer
    return text


class StatusLine(Widget):
    """Playback state and time, the total offset, the flags the user must not miss (follow off,
    loop, overlaps, cues below 0), then rate, volume, audio output and caption file as room
    allows: the time and the offset never drop out, at any width."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._essential: list[str] = []
        self._optional: list[str] = []
        self._note = ""

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
        flags: tuple[str, ...] = (),
    ) -> None:
        """Set every field; `flags` (follow off, loop cue 3, 2 overlaps) sit right after the
        offset, `note` (fallbacks) after them. Whole seconds while playing (a repaint a
        second, not ten), milliseconds when paused, for fixing timing; a duration not known
        yet is shown as `--:--`."""
        hours = duration_ms >= 3_600_000
        digits = 0 if playing else 3
        total = format_time(duration_ms, hours=hours, digits=digits) if duration_ms else "--:--"
        essential = [
            f"{state} {format_time(position_ms, hours=hours, digits=digits)} / {total}",
            f"offset {format_duration(offset_ms)}",
            *flags,
        ]
        optional = [
            f"{rate:.2f}×",
            "muted" if muted else f"vol {volume}",
            f"audio: {audio}",
            captions,
        ]
        if (essential, optional, note) != (self._essential, self._optional, self._note):
            self._essential, self._optional, self._note = essential, optional, note
            self.refresh()

    @property
    def text(self) -> str:
        """What is shown at the current width."""
        width = max(1, self.content_region.width)
        # Notes name files and quote libvlc: shown inert.
        return inert(fit_fields(self._essential, self._optional, width, self._note))

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")


class ActionLine(Widget):
    """The last edit, undo or save, on one line: replaced by the next, never stacked (toasts are
    for what needs attention). Warnings show in the warning colour."""

    DEFAULT_CSS = """
    ActionLine { height: 1; background: $panel; color: $text-muted; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    ActionLine.-warning { color: $warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._message = ""

    def say(self, message: str, *, warning: bool = False) -> None:
        """Show `message` (plain text, made inert, on one line) in place of the last one."""
        self._message = inert_line(message)
        self.set_class(warning, "-warning")
        self.refresh()

    @property
    def text(self) -> str:
        return self._message

    def render(self) -> Text:
        return Text(self._message, no_wrap=True, overflow="ellipsis")
