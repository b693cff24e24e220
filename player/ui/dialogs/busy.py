"""A dialog shown while a long edit is computed in a worker: it also keeps keys away from the
captions until the result is applied."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, LoadingIndicator

from player.ui.dialogs.base import Dialog


class BusyScreen(Dialog[None]):
    """Says what is being done; dismissed by the app when the work is over."""

    DEFAULT_CSS = """
    BusyScreen { align: center middle; }
    BusyScreen > Vertical { width: 60; height: auto; border: round $accent;
                            background: $surface; padding: 1 2; }
    BusyScreen LoadingIndicator { height: 1; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._what, markup=False)
            yield LoadingIndicator()
