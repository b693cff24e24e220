"""Edit a cue's text (multi-line), or split the cue: the split time is proposed from where the
text cursor is (the same share of the cue's time as of its text; the middle word gap when the
cursor is at either end) and can be adjusted before splitting; each part lasts at least
`MIN_DURATION_MS`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, TextArea

from captions.timecode import format_time, parse_time
from captions.timing import MIN_DURATION_MS
from player.ui.dialogs.base import Dialog
from player.ui.widgets.inert import InertTextArea

#: Proposed split times are rounded to this (ms): nobody times speech to the millisecond.
SPLIT_ROUNDING_MS = 10


@dataclass(frozen=True)
class TextEditResult:
    """`text` to set; with `split_at` (a character offset in the new text), split there at
    `split_ms`."""

    text: str
    split_at: int | None = None
    split_ms: int | None = None


def split_offset(text: str, offset: int) -> int:
    """Where to cut the text: at the cursor, or, with the cursor at either end (which would
    leave one part empty), at the word gap nearest the middle."""
    if 0 < offset < len(text.rstrip()) and text[:offset].strip():
        return offset
    gaps = [i for i, ch in enumerate(text) if ch.isspace() and text[:i].strip()]
    if not gaps:
        return offset
    return min(gaps, key=lambda i: abs(i - len(text) / 2))


def proposed_split_ms(start_ms: int, end_ms: int, offset: int, length: int) -> int:
    """The time as far into the cue as `offset` is into its `length` characters, rounded,
    and kept inside the cue with each part at least `MIN_DURATION_MS` long (when the cue is
    long enough for two)."""
    span = end_ms - start_ms
    if length <= 0 or span < 2:
        return start_ms + max(0, span) // 2
    at = start_ms + span * offset / length
    rounded = round(at / SPLIT_ROUNDING_MS) * SPLIT_ROUNDING_MS
    margin = MIN_DURATION_MS if span >= 2 * MIN_DURATION_MS else 1
    return min(end_ms - margin, max(start_ms + margin, rounded))


class TextEditScreen(Dialog[TextEditResult | None]):
    """Ctrl+S keeps the text, Esc cancels; with the cue's times, "Split here" splits at the
    text cursor at the time shown (proposed from the cursor, editable)."""

    DEFAULT_CSS = """
    TextEditScreen { align: center middle; }
    TextEditScreen > Vertical { width: 90; max-width: 100%; height: auto; max-height: 100%;
                                border: round $accent; background: $surface; padding: 0 1; }
    TextEditScreen TextArea { height: 6; }
    TextEditScreen #split-row { height: 1; margin-top: 1; }
    TextEditScreen #split-row Label { width: auto; }
    TextEditScreen #split-time { width: 16; }
    TextEditScreen #split-error { color: $warning; width: 1fr; padding-left: 1; }
    TextEditScreen #buttons { height: auto; align-horizontal: right; }
    TextEditScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep text", priority=True),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        span: tuple[int, int] | None = None,
        *,
        keep_label: str = "Keep",
    ) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._span = span
        self._keep_label = keep_label
        #: The split time was typed by the user: the cursor no longer moves it.
        self._time_typed = False
        self._proposed = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title + "  (Ctrl+S keeps, Esc cancels)", markup=False)
            # The cue's text is kept as it is and drawn inert: its escapes are shown, not sent.
            yield InertTextArea(self._text, id="cue-text", soft_wrap=True, show_line_numbers=False)
            if self._span is not None:
                with Horizontal(id="split-row"):
                    yield Label("Split at ", markup=False)
                    yield Input("", id="split-time", compact=True)
                    yield Label("", id="split-error", markup=False)
            with Horizontal(id="buttons"):
                if self._span is not None:
                    yield Button("Split here", id="split")
                yield Button("Cancel", id="cancel")
                yield Button(self._keep_label, id="keep", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._propose()

    def _offset(self) -> int:
        area = self.query_one(TextArea)
        row, column = area.cursor_location
        lines = area.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    @on(TextArea.SelectionChanged)
    @on(TextArea.Changed)
    def _propose(self) -> None:
        """Propose the split time from the text cursor, unless the user typed one."""
        if self._span is None or self._time_typed:
            return
        start, end = self._span
        text = self.query_one(TextArea).text
        offset = split_offset(text, self._offset())
        self._proposed = format_time(proposed_split_ms(start, end, offset, len(text)))
        self.query_one("#split-time", Input).value = self._proposed

    @on(Input.Changed, "#split-time")
    def _time_changed(self, event: Input.Changed) -> None:
        if event.value != self._proposed:  # typed, not proposed (Changed arrives later)
            self._time_typed = True
            self.query_one("#split-error", Label).update("")

    @property
    def split_ms(self) -> int | str:
        """The split time shown, or what is wrong with it."""
        assert self._span is not None
        start, end = self._span
        typed = self.query_one("#split-time", Input).value.strip()
        try:
            ms = parse_time(typed)
        except ValueError:
            return f"not a time: {typed!r} (mm:ss.mmm)"
        if not start < ms < end:
            return f"must be inside the cue ({format_time(start)}–{format_time(end)})"
        if end - start >= 2 * MIN_DURATION_MS and not (
            start + MIN_DURATION_MS <= ms <= end - MIN_DURATION_MS
        ):
            return f"each part must last at least {MIN_DURATION_MS / 1000:g} s"
        return ms

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(TextEditResult(self.query_one(TextArea).text))

    @on(Button.Pressed, "#split")
    def _split(self) -> None:
        ms = self.split_ms
        if isinstance(ms, str):
            self.query_one("#split-error", Label).update(ms)
            return
        text = self.query_one(TextArea).text
        at = split_offset(text, self._offset())
        self.dismiss(TextEditResult(text, split_at=at, split_ms=ms))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
