"""The help screen: every key, from the one key map, grouped under headings (so no column of
group names is cut), never wider than the screen; Home and End go to the first and last key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Collapsible, DataTable, Static

from player.keymap import ALL_KEYS, Key

#: The binding-id column is shown from this screen width (it is for the config file).
ID_COLUMN_MIN_WIDTH = 110
#: The notes above the keys are open from this screen height (folded to a line below it).
NOTES_OPEN_MIN_HEIGHT = 32

FOLLOWING_NOTE = (
    "The active cue (› in the list; its times on the panel's border) is what timing keys edit; "
    "the spoken cue (▶) follows the clock. While following, the active cue is the spoken one. "
    "Moving the cursor stops following (status: follow off); f, Enter on a cue, or moving the "
    "cursor onto the spoken cue resumes it. Rows marked ! overlap another cue."
)


def grouped(keys: tuple[Key, ...]) -> list[tuple[str, list[Key]]]:
    """The keys by group, groups in the order they first appear."""
    groups: dict[str, list[Key]] = {}
    for key in keys:
        groups.setdefault(key.group, []).append(key)
    return list(groups.items())


class HelpTable(DataTable[Text | str]):
    """The key table: Home/End go to the first/last row, never sideways."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


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
    HelpScreen > Vertical { width: 100%; max-width: 120; height: 100%; max-height: 40;
                            border: round $accent; background: $surface; padding: 0 1; }
    HelpScreen #help-note { color: $text-muted; height: auto; }
    HelpScreen #help-mouse { color: $text-muted; height: auto; }
    HelpScreen Collapsible { padding: 0; margin: 0; border: none; background: $surface; }
    HelpScreen Collapsible Contents { padding: 0 0 0 1; }
    HelpScreen DataTable { height: 1fr; overflow-x: hidden; }
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
            # On a short screen the notes fold to one line, leaving the rows to the keys.
            with Collapsible(
                title="The active cue, the spoken cue and the mouse",
                collapsed=self.app.size.height < NOTES_OPEN_MIN_HEIGHT,
            ):
                yield Static(FOLLOWING_NOTE, id="help-note", markup=False)
                yield Static(MOUSE, markup=False, id="help-mouse")
            yield HelpTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(HelpTable)
        with_ids = self.app.size.width >= ID_COLUMN_MIN_WIDTH
        table.add_columns("Key", "Action", *(("Binding id",) if with_ids else ()))
        for group, keys in grouped(ALL_KEYS):
            heading = Text(group, style="bold")
            table.add_row(heading, "", *(("",) if with_ids else ()))
            for key in keys:
                cells = [key.shown_with(self._keymap), key.description]
                table.add_row(*cells, *((key.id,) if with_ids else ()))
        table.focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
