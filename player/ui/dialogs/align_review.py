"""Forced alignment: the review of the proposal (already applied as a preview): per cue the old
and new start and end, the cues that could not be aligned, and how the times were found."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import DataTable

from captions.timecode import format_time
from captions.track import Timing
from player.text_safety import one_line
from player.ui.dialogs.review_base import MAX_ROWS, ReviewScreen

if TYPE_CHECKING:
    from captions.align.engine import AlignResult

NOT_ALIGNED = "not aligned: times kept"


def align_summary(result: AlignResult, before: Timing, note: str | None) -> list[str]:
    """How the times were found, one fact a line (counts and times, no caption text)."""
    from captions.align.command import describe

    lines = [note] if note else []
    lines += describe(result, len(before), before.starts).splitlines()
    words = sum(len(w) for w in result.word_times.values())
    if words:
        lines.append(f"{words} word times kept on {len(result.word_times)} cues")
    return lines


def _span(start: int, end: int) -> str:
    return f"{format_time(start)} – {format_time(end)}"


class AlignReviewScreen(ReviewScreen):
    """The alignment, previewed: listen, then Apply or Cancel (undo)."""

    TITLE_TEXT = "Alignment to the speech (previewing: the captions above use it)"

    def __init__(
        self,
        result: AlignResult,
        before: Timing,
        texts: list[str],
        note: str | None,
        play_from: Callable[[int], None],
        toggle_pause: Callable[[], None],
    ) -> None:
        super().__init__(result.timing, before, texts, play_from, toggle_pause)
        self._result = result
        self._note = note

    def summary_lines(self) -> list[str]:
        return align_summary(self._result, self._before, self._note)

    def fill_table(self, table: DataTable[str]) -> str:
        table.add_columns("Cue", "Was", "Now", "Words", "Text")
        before, after = self._before, self._proposed
        unaligned = set(self._result.unaligned)
        rows = [
            index
            for index in range(len(before))
            if index in unaligned
            or (before.starts[index], before.ends[index])
            != (after.starts[index], after.ends[index])
        ]
        for index in rows[:MAX_ROWS]:
            words = self._result.word_times.get(index, ())
            table.add_row(
                str(index + 1),
                _span(before.starts[index], before.ends[index]),
                NOT_ALIGNED
                if index in unaligned
                else _span(after.starts[index], after.ends[index]),
                str(len(words)) if words else "",
                one_line(self._texts[index])[:50],
                key=str(index),
            )
        if len(rows) > MAX_ROWS:
            return f"Showing the first {MAX_ROWS} of {len(rows)} cues."
        return ""
