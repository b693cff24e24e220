"""Auto-sync: a progress dialog while the audio is analysed, then a review of the proposal that
says what was found in plain words and marks the cues snapped to the speech and the cuts."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, DataTable, Label, ProgressBar

from captions.sync.model import SyncResult
from captions.sync.words import seconds
from captions.timecode import format_duration, format_time
from captions.track import Timing
from player.text_safety import one_line
from player.ui.dialogs.base import Dialog
from player.ui.dialogs.review_base import MAX_ROWS, ReviewScreen


class SyncProgressScreen(Dialog[None]):
    """Shows progress of an analysis (auto-sync, alignment); Esc or Cancel asks the worker to
    stop."""

    DEFAULT_CSS = """
    SyncProgressScreen { align: center middle; }
    SyncProgressScreen > Vertical { width: 70; height: auto; border: round $accent;
                                    background: $surface; padding: 1 2; }
    """

    def __init__(
        self, on_cancel: Callable[[], None], title: str = "Auto-sync: listening to the recording…"
    ) -> None:
        super().__init__()
        self._on_cancel = on_cancel
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, id="sync-stage", markup=False)
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
    """What auto-sync found, one fact a line: the model in plain words first."""
    lines = [result.summary or f"offset {seconds(result.offset_ms)}, speed {result.speed:.6g}"]
    for number, cut in enumerate(result.cuts, 1):
        lines.append(
            f"cut {number} at {format_time(cut.source_start_ms or 0)}: from there offset "
            f"{seconds(cut.offset_ms)}, speed {cut.speed:.6g}"
        )
    if result.refined:
        moves = sorted(abs(ms) for ms in result.refined.values())
        lines.append(
            f"{len(moves)} cue starts snapped to their speech onset (marked below; "
            f"median {moves[len(moves) // 2]} ms, largest {moves[-1]} ms from the fit)"
        )
    parts = ", ".join(f"{name} {value:.2f}" for name, value in result.part_confidence.items())
    lines.append(f"confidence {result.confidence:.2f} ({parts}); match score {result.score:.2f}")
    lines.append(
        f"{result.moved} cues move"
        + (f", {result.clamped} clamped at 0" if result.clamped else "")
        + f"; analysis took {result.decode_s:.1f} s decode + {result.align_s:.1f} s align"
    )
    return lines


def cue_notes(result: SyncResult, before: Timing) -> dict[int, str]:
    """Per cue (file index): "snapped +0.120 s" for refined cues, and "cut N: offset … from
    here" on the first cue of each cut."""
    notes = {index: f"snapped {format_duration(ms)}" for index, ms in result.refined.items()}
    order = sorted(range(len(before)), key=before.starts.__getitem__)
    starts = [before.starts[i] for i in order]
    for number, cut in enumerate(result.cuts, 1):
        pos = bisect_left(starts, cut.source_start_ms or 0)
        if pos < len(order):
            index = order[pos]
            mark = f"cut {number}: offset {seconds(cut.offset_ms)} from here"
            notes[index] = f"{mark}; {notes[index]}" if index in notes else mark
    return notes


class SyncReviewScreen(ReviewScreen):
    """The auto-sync proposal, previewed: listen, then Apply or Cancel (undo)."""

    TITLE_TEXT = "Auto-sync proposal (previewing: the captions above use it)"

    def __init__(
        self,
        result: SyncResult,
        before: Timing,
        texts: list[str],
        play_from: Callable[[int], None],
        toggle_pause: Callable[[], None],
    ) -> None:
        super().__init__(result.timing, before, texts, play_from, toggle_pause)
        self._result = result

    def summary_lines(self) -> list[str]:
        return summary_lines(self._result)

    def fill_table(self, table: DataTable[str]) -> str:
        table.add_columns("Cue", "Was", "Now", "Moves", "Found", "Text")
        before, after = self._before, self._proposed
        notes = cue_notes(self._result, before)
        moved = [
            index
            for index, (old, new) in enumerate(zip(before.starts, after.starts, strict=True))
            if old != new or index in notes
        ]
        # DataTable is fine for a few thousand rows, not 100,000: show the first ones.
        for index in moved[:MAX_ROWS]:
            old, new = before.starts[index], after.starts[index]
            table.add_row(
                str(index + 1),
                format_time(old),
                format_time(new),
                format_duration(new - old),
                notes.get(index, ""),
                one_line(self._texts[index])[:60],
                key=str(index),
            )
        if len(moved) > MAX_ROWS:
            return f"Showing the first {MAX_ROWS} of {len(moved)} moved cues."
        return ""
