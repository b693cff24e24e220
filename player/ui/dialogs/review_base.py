"""The review of a proposed retiming (auto-sync, forced alignment), already applied as a
preview: a table of moved cues, "play around this cue", then Apply or Cancel (undo)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, Static

from captions.track import Timing
from player.ui.dialogs.base import Dialog

#: Rows of per-cue moves listed in a review.
MAX_ROWS = 2000


class ReviewScreen(Dialog[str]):
    """Dismisses with "apply" or "cancel". "Play around this cue" plays from 2 s before the
    selected cue's proposed start, with the captions above showing the proposal. Subclasses
    give the title, the summary lines and fill the table in `fill_table`."""

    DEFAULT_CSS = """
    ReviewScreen { align: center bottom; background: $background 30%; }
    ReviewScreen > Vertical { width: 100%; height: 60%; border: round $accent;
                              background: $surface; padding: 0 1; }
    ReviewScreen DataTable { height: 1fr; }
    ReviewScreen Horizontal { height: auto; align-horizontal: right; }
    ReviewScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play_around", "Play around this cue"),
        Binding("space", "toggle_pause", "Play / pause"),
    ]
    TITLE_TEXT = "Proposal (previewing: the captions above use it)"

    def __init__(
        self,
        proposed: Timing,
        before: Timing,
        texts: list[str],
        play_from: Callable[[int], None],
        toggle_pause: Callable[[], None],
    ) -> None:
        super().__init__()
        self._proposed = proposed
        self._before = before
        self._texts = texts
        self._play_from = play_from
        self._toggle_pause = toggle_pause

    def summary_lines(self) -> list[str]:
        """What was found, one fact a line (no caption text)."""
        return []

    def fill_table(self, table: DataTable[str]) -> str:
        """Add the columns and rows (row key: the cue index); return a note under the table."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.TITLE_TEXT, markup=False)
            yield Static("\n".join(self.summary_lines()), id="review-summary", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Label("", id="review-more", markup=False)
            with Horizontal():
                yield Button("Play around this cue (p)", id="play")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        self.query_one("#review-more", Label).update(self.fill_table(table))
        table.focus()

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    @on(Button.Pressed, "#play")
    def action_play_around(self) -> None:
        index = self._selected()
        if index is not None:
            self._play_from(max(0, self._proposed.starts[index] - 2000))

    def action_toggle_pause(self) -> None:
        self._toggle_pause()

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        self.dismiss("apply")

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def cancel_result(self) -> str:
        return "cancel"
