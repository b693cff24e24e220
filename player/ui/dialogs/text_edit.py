"""Edit a cue's text (multi-line); or split the cue at the text cursor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from player.ui.dialogs.base import Dialog
from player.ui.widgets.inert import InertTextArea


@dataclass(frozen=True)
class TextEditResult:
    """`text` to set, or `split_at` (a character offset in the new text) to split there."""

    text: str
    split_at: int | None = None


class TextEditScreen(Dialog[TextEditResult | None]):
    """Ctrl+S keeps the text, Esc cancels, "Split here" splits at the cursor."""

    DEFAULT_CSS = """
    TextEditScreen { align: center middle; }
    TextEditScreen > Vertical { width: 90; max-width: 100%; height: auto; max-height: 90%;
                                border: round $accent; background: $surface; padding: 0 1; }
    TextEditScreen TextArea { height: 8; }
    TextEditScreen Horizontal { height: auto; align-horizontal: right; }
    TextEditScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep text", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title + "  (Ctrl+S keeps, Esc cancels)", markup=False)
            # The cue's text is kept as it is and drawn inert: its escapes are shown, not sent.
            yield InertTextArea(self._text, id="cue-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal():
                yield Button("Split here", id="split")
                yield Button("Cancel", id="cancel")
                yield Button("Keep", id="keep", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def _offset(self) -> int:
        area = self.query_one(TextArea)
        row, column = area.cursor_location
        lines = area.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(TextEditResult(self.query_one(TextArea).text))

    @on(Button.Pressed, "#split")
    def _split(self) -> None:
        self.dismiss(TextEditResult(self.query_one(TextArea).text, split_at=self._offset()))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
