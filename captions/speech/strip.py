"""Draw a window of an envelope as rows of block characters, with the cue markers.

Pure text, no UI: `draw(...)` returns a `StripPicture` (bar rows top first, a marker row, which
columns are speech, which lie inside the active cue, and each marker's column), and the widget
adds the styles. Column `c` of a window shows the media from `start_ms + c * span_ms / width`
for `span_ms / width` ms: its bar is the loudest frame there, scaled between the recording's
noise floor and its loud speech, in eighths of a row; it counts as speech when at least half
its frames do.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from captions.speech.envelope import HOP_MS, Envelope

#: Window lengths the zoom keys step through (ms); the default shows ±5 s.
ZOOM_SPANS_MS = (2_000, 5_000, 10_000, 20_000, 40_000, 80_000)
DEFAULT_SPAN_MS = 10_000
#: Bar characters from empty to a full cell, in eighths.
BLOCKS = " ▁▂▃▄▅▆▇█"
#: The playhead may go back to this fraction of the window from its left edge before it turns ...
EDGE = 0.1
#: ... and forward to this fraction of the window before it turns, to AHEAD from the left: the
#: window then always shows at least a quarter of itself still to come (at 90 % only 1 s of a
#: 10 s window was left to see what is coming).
TURN = 0.75
AHEAD = 0.25


class Mark(enum.Enum):
    """What a marker column stands for; its character in the marker row."""

    START = "["
    END = "]"
    BOUNDARY = "╎"


@dataclass(frozen=True, slots=True)
class StripWindow:
    """`span_ms` of media from `start_ms` over `width` columns."""

    start_ms: int
    span_ms: int
    width: int

    def column(self, ms: int) -> int | None:
        """The column showing time `ms`, or None outside the window."""
        if self.width <= 0 or self.span_ms <= 0:
            return None
        col = (ms - self.start_ms) * self.width // self.span_ms
        return col if 0 <= col < self.width else None

    def time_at(self, column: int) -> int:
        """The middle of `column` (ms), for a click."""
        return self.start_ms + (2 * column + 1) * self.span_ms // (2 * self.width)

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.span_ms


def follow(start_ms: int | None, playhead_ms: int, span_ms: int) -> int:
    """Where the window starts so that it shows the playhead: it stays put while the playhead is
    inside it (so only the playhead column changes); played on to `TURN` of it, it turns a
    page, the playhead to `AHEAD` of the new window; a jump elsewhere centres it."""
    centred = playhead_ms - span_ms // 2
    if start_ms is None:
        return centred
    turn = start_ms + int(span_ms * TURN)
    if start_ms + int(span_ms * EDGE) <= playhead_ms < turn:
        return start_ms
    if turn <= playhead_ms < start_ms + span_ms:
        return playhead_ms - int(span_ms * AHEAD)
    return centred


def zoom(span_ms: int, steps: int) -> int:
    """The zoom span `steps` away from `span_ms` (negative: in), kept within the zoom levels."""
    spans = ZOOM_SPANS_MS
    here = min(range(len(spans)), key=lambda i: abs(spans[i] - span_ms))
    return spans[max(0, min(len(spans) - 1, here + steps))]


@dataclass(frozen=True, slots=True)
class StripPicture:
    """What to draw: `bars` rows (top first) and `marker_row`, each `width` characters."""

    window: StripWindow
    bars: tuple[str, ...]
    marker_row: str
    #: Per column: speech heard there.
    speech: tuple[bool, ...]
    #: Columns [first, last) inside the active cue (empty when it is not in the window).
    active: tuple[int, int]
    #: (column, mark) for the active cue's start and end and the other cues' boundaries.
    markers: tuple[tuple[int, Mark], ...]

    def column(self, ms: int) -> int | None:
        return self.window.column(ms)


def _columns(envelope: Envelope, window: StripWindow) -> tuple[np.ndarray, np.ndarray]:
    """Peak level (0..1 of the recording's range, -1 outside the media) and speech per column."""
    width = window.width
    edges_ms = window.start_ms + np.arange(width + 1, dtype=np.int64) * window.span_ms // width
    first = edges_ms[:-1] // HOP_MS
    last = np.maximum(edges_ms[1:] // HOP_MS, first + 1)
    inside = (first >= 0) & (first < envelope.frames)
    peak = np.full(width, -1.0)
    speech = np.zeros(width, dtype=np.bool_)
    if not inside.any():
        return peak, speech
    cols = np.flatnonzero(inside)
    lo = first[cols]
    hi = np.minimum(last[cols], envelope.frames)
    base = int(lo[0])
    level = envelope.level[base : int(hi[-1])]
    flags = envelope.speech[base : int(hi[-1])].astype(np.int32)
    starts = lo - base
    peaks = np.maximum.reduceat(level, starts).astype(np.float64)
    counts = hi - lo
    said = np.add.reduceat(flags, starts)
    # reduceat gives the element itself where a column spans less than one frame.
    said = np.where(counts > 0, said, flags[starts])
    quiet, loud = envelope.quiet_level, envelope.loud_level
    peak[cols] = np.clip((peaks - quiet) / (loud - quiet), 0.0, 1.0)
    speech[cols] = said * 2 >= np.maximum(counts, 1)
    return peak, speech


def draw(
    envelope: Envelope,
    window: StripWindow,
    *,
    rows: int = 2,
    active: tuple[int, int] | None = None,
    boundaries: Sequence[int] = (),
) -> StripPicture:
    """Draw `window` of `envelope` in `rows` bar rows plus a marker row, with the active cue's
    (start, end) and the other cues' `boundaries` (ms) as markers."""
    width = max(0, window.width)
    if width == 0:
        return StripPicture(window, ("",) * rows, "", (), (0, 0), ())
    peak, speech = _columns(envelope, window)
    eighths = np.where(peak < 0, 0, np.rint(peak * rows * 8)).astype(np.int64)
    bars = []
    for row in range(rows - 1, -1, -1):
        fill = np.clip(eighths - 8 * row, 0, 8)
        bars.append("".join(BLOCKS[f] for f in fill.tolist()))
    marks: dict[int, Mark] = {}
    for ms in boundaries:
        col = window.column(ms)
        if col is not None:
            marks[col] = Mark.BOUNDARY
    span = (0, 0)
    if active is not None:
        start, end = active
        first = max(0, (start - window.start_ms) * width // window.span_ms)
        last = min(width, (end - window.start_ms) * width // window.span_ms + 1)
        span = (first, last) if first < last else (0, 0)
        for ms, mark in ((start, Mark.START), (end, Mark.END)):
            col = window.column(ms)
            if col is not None:
                marks[col] = mark
    row_chars = [" "] * width
    for col, mark in marks.items():
        row_chars[col] = mark.value
    return StripPicture(
        window=window,
        bars=tuple(bars),
        marker_row="".join(row_chars),
        speech=tuple(speech.tolist()),
        active=span,
        markers=tuple(sorted(marks.items())),
    )
