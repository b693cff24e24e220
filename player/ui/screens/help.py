"""The help screen: every key, from the one key map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from player.keymap import ALL_KEYS

#: What the mouse does (the README says the same).
MOUSE = (
    "Mouse: click a transcript row to make it the active cue, double-click to play it; "
    "click the audio strip to play from there, scroll over it to zoom; click the seek bar "
    "to jump."
)


class HelpScreen(ModalScreen[None]):
    """Lists every key and what it does; any of Esc, ?, q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 80; max-width: 100%; height: 90%; border: round $accent;
                            background: $surface; padding: 0 1; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen #help-mouse { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "Close help"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys — Esc closes", markup=False)
            yield Static(MOUSE, markup=False, id="help-mouse")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Group", "Binding id")
        for key in ALL_KEYS:
            table.add_row(key.shown_with(self._keymap), key.description, key.group, key.id)
        table.focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
