"""The search box: incremental, case-insensitive; Enter keeps the match, Esc goes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from player.search import TextSearch
from player.ui.widgets.inert import InertInput


class SearchBar(InertInput):
    """Posts `Jump` for every match to show and `Closed` when the user is done."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel search")]

    class Jump(Message):
        """Move the cursor to `row`; `query` is what to highlight, `matches` how many cues
        hold it (None: not counted yet)."""

        def __init__(self, row: int, query: str, matches: int | None = 0) -> None:
            self.row = row
            self.query = query
            self.matches = matches
            super().__init__()

    class Closed(Message):
        """The search box was closed."""

    def __init__(self, text_of: Callable[[int], str], count: int, *, id: str | None = None):
        super().__init__(placeholder="search (Enter to keep, Esc to cancel)", id=id)
        self.search = TextSearch(text_of, count)
        self._origin = 0
        self._folding: Timer | None = None

    def on_mount(self) -> None:
        self.prepare()

    def prepare(self) -> None:
        """Fold cue texts for searching in idle slices, so the first keystroke at 100,000
        cues does not wait for all of them (call again after the cues change)."""

        def step() -> None:
            self._folding = None
            if not self.search.fold_ahead(5000):
                self._folding = self.set_timer(0.02, step)

        if self._folding is not None:
            self._folding.stop()
        self._folding = self.set_timer(0.02, step)

    def open(self, origin_row: int) -> None:
        """Show the box, searching from `origin_row`."""
        self._origin = origin_row
        self.add_class("visible")
        self.value = self.search.query
        self.focus()

    def _close(self) -> None:
        self.remove_class("visible")
        self.post_message(self.Closed())

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.search.set_query(event.value)
        found = self.search.find(self._origin, forward=True, include_start=True)
        row = self._origin if found is None else found
        matches = self.search.count_matches() if found is not None else 0
        self.post_message(self.Jump(row, self.search.query, matches))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close()

    def action_cancel(self) -> None:
        self.search.set_query("")
        self.post_message(self.Jump(self._origin, ""))
        self._close()

    def step(self, row: int, *, forward: bool) -> int | None:
        """The next (or previous) match from `row`, wrapping; None without one."""
        return self.search.find(row, forward=forward, include_start=False)
