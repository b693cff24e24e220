"""Auto-sync: a progress dialog while the audio is analysed, then a review of the proposal."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, ProgressBar, Static

from captions.sync.model import SyncResult
from captions.timecode import format_duration, format_time
from captions.track import Timing
from player.text_safety import one_line
from player.ui.dialogs.base import Dialog

#: Rows of per-cue moves listed in the review.
MAX_ROWS = 2000


class SyncProgressScreen(Dialog[None]):
    """Shows decoding progress; Esc or Cancel asks the worker to stop."""

    DEFAULT_CSS = """
    SyncProgressScreen { align: center middle; }
    SyncProgressScreen > Vertical { width: 70; height: auto; border: round $accent;
                                    background: $surface; padding: 1 2; }
    """

    def __init__(self, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self._on_cancel = on_cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Auto-sync: listening to the recording…", id="sync-stage", markup=False)
            yield ProgressBar(total=1.0, show_eta=False, id="sync-progress")
            yield Button("Cancel", id="cancel")

    def set_progress(self, fraction: float, stage: str | None = None) -> None:
        """Update the bar (0..1) and optionally the stage label."""
        self.query_one(ProgressBar).update(progress=fraction)
        if stage is not None:
            self.query_one("#sync-stage", Label).update(stage)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self._on_cancel()


def summary_lines(result: SyncResult) -> list[str]:
    """What auto-sync found, one fact a line."""
    lines = [
        f"offset {format_duration(result.offset_ms)}, speed {result.speed:.5f}"
        f" ({(result.speed - 1) * 100:+.3f} %)",
    ]
    for segment in result.segments[1:]:
        start = format_time(segment.source_start_ms or 0)
        lines.append(
            f"split at {start}: from there offset {format_duration(segment.offset_ms)}, "
            f"speed {segment.speed:.5f}"
        )
    parts = ", ".join(f"{name} {value:.2f}" for name, value in result.part_confidence.items())
    lines.append(f"confidence {result.confidence:.2f} ({parts}); match score {result.score:.2f}")
    lines.append(
        f"{result.moved} cues move"
        + (f", {result.clamped} clamped at 0" if result.clamped else "")
        + f"; analysis took {result.decode_s:.1f} s decode + {result.align_s:.1f} s align"
    )
    return lines


class SyncReviewScreen(Dialog[str]):
    """The proposal, already applied as a preview: listen, then Apply or Cancel (undo).

    Dismisses with "apply" or "cancel". "Play around this cue" plays from 2 s before the
    selected cue's new start, with the captions above showing the proposed timing.
    """

    DEFAULT_CSS = """
    SyncReviewScreen { align: center bottom; background: $background 30%; }
    SyncReviewScreen > Vertical { width: 100%; height: 60%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    SyncReviewScreen DataTable { height: 1fr; }
    SyncReviewScreen Horizontal { height: auto; align-horizontal: right; }
    SyncReviewScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play_around", "Play around this cue"),
        Binding("space", "toggle_pause", "Play / pause"),
    ]

    def __init__(
        self,
        result: SyncResult,
        before: Timing,
        texts: list[str],
        play_from: Callable[[int], None],
        toggle_pause: Callable[[], None],
    ) -> None:
        super().__init__()
        self._result = result
        self._before = before
        self._texts = texts
        self._play_from = play_from
        self._toggle_pause = toggle_pause

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Auto-sync proposal (previewing: the captions above use it)", markup=False)
            yield Static("\n".join(summary_lines(self._result)), markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Label("", id="review-more", markup=False)
            with Horizontal():
                yield Button("Play around this cue (p)", id="play")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Cue", "Was", "Now", "Moves", "Text")
        after = self._result.timing
        moved = [
            index
            for index, (old, new) in enumerate(zip(self._before.starts, after.starts, strict=True))
            if old != new
        ]
        # DataTable is fine for a few thousand rows, not 100,000: show the first ones.
        for index in moved[:MAX_ROWS]:
            old, new = self._before.starts[index], after.starts[index]
            table.add_row(
                str(index + 1),
                format_time(old),
                format_time(new),
                format_duration(new - old),
                one_line(self._texts[index])[:60],
                key=str(index),
            )
        if len(moved) > MAX_ROWS:
            self.query_one("#review-more", Label).update(
                f"Showing the first {MAX_ROWS} of {len(moved)} moved cues."
            )
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
            self._play_from(max(0, self._result.timing.starts[index] - 2000))

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
