"""The audio strip: the recording's loudness and speech around the playhead, with the active
cue's start and end, the other cues' boundaries and the playhead, in 2 to 4 rows of blocks.

The picture comes from `captions.speech.strip.draw` (pure text); this widget adds the styles and
repaints sparingly: the window stays put while the playhead crosses its middle, so a playhead
step repaints only the two columns it leaves and enters (`refresh(Region)`), and the rows are
rebuilt only when the window turns, the zoom, the size or the cues change. It sizes itself from
the screen: 4 rows on tall terminals, 2 at 24 rows, hidden below 20 rows or 50 columns. A click
posts `AudioStrip.Seek` with the time under the mouse; the wheel zooms (`AudioStrip.Zoomed`).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from captions.speech.envelope import Envelope
from captions.speech.strip import (
    DEFAULT_SPAN_MS,
    Mark,
    StripPicture,
    StripWindow,
    draw,
    follow,
    zoom,
)
from captions.track import Timing
from player.text_safety import one_line

#: (smallest screen height, strip rows): the first that fits wins; below all, hidden.
ROWS_BY_HEIGHT: tuple[tuple[int, int], ...] = ((36, 4), (28, 3), (20, 2))
#: The playhead's mark in the marker row (where no cue marker is), besides its colour.
PLAYHEAD = "▲"
#: Below this many columns the strip hides.
MIN_WIDTH = 50


def rows_for(width: int, height: int) -> int:
    """How many rows the strip takes on a `width` x `height` screen (0: hidden)."""
    if width < MIN_WIDTH:
        return 0
    return next((rows for least, rows in ROWS_BY_HEIGHT if height >= least), 0)


class AudioStrip(Widget):
    """Loudness bars (speech coloured), cue markers and the playhead over a window of time."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "audio-strip--speech",
        "audio-strip--silence",
        "audio-strip--active",
        "audio-strip--marker",
        "audio-strip--boundary",
        "audio-strip--playhead",
        "audio-strip--note",
    }
    DEFAULT_CSS = """
    AudioStrip { height: 3; background: $surface; }
    AudioStrip > .audio-strip--speech { color: $success; }
    AudioStrip > .audio-strip--silence { color: $text-muted; }
    AudioStrip > .audio-strip--active { background: $accent 30%; }
    AudioStrip > .audio-strip--marker { color: $warning; text-style: bold; }
    AudioStrip > .audio-strip--boundary { color: $text-muted; }
    AudioStrip > .audio-strip--playhead { background: $foreground 80%; color: $background; }
    AudioStrip > .audio-strip--note { color: $text-muted; text-style: italic; }
    """

    class Seek(Message):
        """The user clicked the strip: play from `ms`."""

        def __init__(self, ms: int) -> None:
            self.ms = ms
            super().__init__()

    class Zoomed(Message):
        """The user zoomed with the mouse wheel: the window now spans `span_ms`."""

        def __init__(self, span_ms: int) -> None:
            self.span_ms = span_ms
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.envelope: Envelope | None = None
        self.note = "audio: analysing…"
        self.span_ms = DEFAULT_SPAN_MS
        self.playhead_ms = 0
        self._window_start: int | None = None
        self._starts = np.zeros(0, dtype=np.int64)
        self._ends = np.zeros(0, dtype=np.int64)
        self._active: int | None = None
        self._picture: StripPicture | None = None
        self._lines: list[Strip] = []
        #: The marker row's note, the width, and that row as drawn.
        self._noted: tuple[str, int, Strip] | None = None
        #: The component styles by name, kept until the theme changes (Textual forgets them
        #: on every refresh, and looking them up again costs more than drawing the picture).
        self._rich_component_styles: dict[str, Style] = {}
        self._playhead_col: int | None = None
        #: Full repaints (picture rebuilt) and column repaints, for tests and benchmarks.
        self.redraws = 0
        self.column_repaints = 0

    # -- state in --------------------------------------------------------------------------
    def set_envelope(self, envelope: Envelope | None, note: str = "") -> None:
        """Show `envelope` (None: show `note` instead, e.g. why there is none)."""
        self.envelope = envelope
        self.note = note
        self._invalidate()

    def set_progress(self, fraction: float, partial: Envelope | None = None) -> None:
        """While the envelope is computed: say how far it is, and show the part done so far."""
        self.note = f"audio: analysing… {round(100 * max(0.0, min(1.0, fraction)))}%"
        if partial is not None:
            self.envelope = partial
            self._invalidate()
        elif self.envelope is None:
            self.refresh(Region(0, 0, self.size.width, 1))
        else:
            self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    def set_cues(self, timing: Timing, active: int | None) -> None:
        """Every cue's (start, end), and the index of the active cue (the one keys edit)."""
        starts = np.fromiter(timing.starts, dtype=np.int64, count=len(timing))
        ends = np.fromiter(timing.ends, dtype=np.int64, count=len(timing))
        same = (
            active == self._active
            and np.array_equal(starts, self._starts)
            and np.array_equal(ends, self._ends)
        )
        if not same:
            self._starts, self._ends, self._active = starts, ends, active
            self._invalidate()

    def set_active(self, active: int | None) -> None:
        """Only the active cue changed."""
        if active != self._active:
            self._active = active
            self._invalidate()

    def set_playhead(self, ms: int) -> bool:
        """The clock moved: repaint the playhead's old and new columns, or turn the window.
        Returns whether anything is repainted."""
        self.playhead_ms = ms
        start = follow(self._window_start, ms, self.span_ms)
        if start != self._window_start:
            self._window_start = start
            self._invalidate()
            return True
        col = self.window.column(ms)
        if col == self._playhead_col:
            return False
        regions = [
            Region(c, 0, 1, self.size.height) for c in (self._playhead_col, col) if c is not None
        ]
        self._playhead_col = col
        self.column_repaints += 1
        if regions:
            self.refresh(*regions)
        return True

    def next_column_ms(self, ms: int) -> int:
        """The media time (ms) at which the playhead, now at `ms`, enters another column."""
        window = self.window
        col = (ms - window.start_ms) * window.width // window.span_ms
        return window.start_ms - (-(col + 1) * window.span_ms // window.width)

    def zoom(self, steps: int) -> int:
        """Zoom out (`steps` > 0) or in; returns the new span (ms)."""
        span = zoom(self.span_ms, steps)
        if span != self.span_ms:
            self.span_ms = span
            self._window_start = follow(None, self.playhead_ms, span)
            self._invalidate()
        return span

    @property
    def window(self) -> StripWindow:
        start = self._window_start
        if start is None:
            start = follow(None, self.playhead_ms, self.span_ms)
        return StripWindow(start, self.span_ms, max(1, self.size.width))

    @property
    def picture(self) -> StripPicture | None:
        """What is drawn (built on demand)."""
        if self._picture is None and self.envelope is not None and self.size.height > 1:
            self._build()
        return self._picture

    # -- sizing ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit_screen)
        self._fit_screen(self.screen)

    def _fit_screen(self, screen: object) -> None:
        size = self.screen.size
        rows = rows_for(size.width, size.height)
        if rows == 0:
            if self.display:
                self.display = False
            return
        if not self.display:
            self.display = True
        if self.styles.height is None or self.styles.height.value != rows:
            self.styles.height = rows

    def on_resize(self, event: events.Resize) -> None:
        self._invalidate()

    # -- drawing --------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._picture = None
        self._lines = []
        self._noted = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rich_component_styles = {}
        self._invalidate()  # the theme changed: restyle

    def _component_style(self, name: str) -> Style:
        """The rich style of component class `name` (kept until the theme changes)."""
        style = self._rich_component_styles.get(name)
        if style is None:
            style = self._rich_component_styles[name] = self.get_component_rich_style(name)
        return style

    def _boundaries(self, window: StripWindow) -> list[int]:
        starts, ends = self._starts, self._ends
        lo, hi = window.start_ms, window.end_ms
        mask = ((starts >= lo) & (starts < hi)) | ((ends >= lo) & (ends < hi))
        if self._active is not None and 0 <= self._active < len(mask):
            mask[self._active] = False
        picked = np.flatnonzero(mask)
        return sorted({*starts[picked].tolist(), *ends[picked].tolist()})

    def _build(self) -> None:
        assert self.envelope is not None
        window = self.window
        self._window_start = window.start_ms
        active = None
        if self._active is not None and 0 <= self._active < len(self._starts):
            active = (int(self._starts[self._active]), int(self._ends[self._active]))
        rows = max(1, self.size.height - 1)
        picture = draw(
            self.envelope, window, rows=rows, active=active, boundaries=self._boundaries(window)
        )
        self._picture = picture
        self._lines = self._styled(picture)
        self._playhead_col = window.column(self.playhead_ms)
        self.redraws += 1

    def _styled(self, picture: StripPicture) -> list[Strip]:
        """The picture's rows as strips: one segment per run of columns of one style (speech
        or not, marker or not, inside the active cue or not), not one per cell."""
        style = self._component_style
        active_bg = style("audio-strip--active")
        first, last = picture.active
        inside = [first <= col < last for col in range(len(picture.marker_row))]
        speech, silence = style("audio-strip--speech"), style("audio-strip--silence")
        bar_styles = {
            (said, within): (speech if said else silence) + (active_bg if within else Style())
            for said in (False, True)
            for within in (False, True)
        }
        bar_runs = _runs(list(zip(picture.speech, inside, strict=True)))
        lines = [
            Strip([Segment(row[a:b], bar_styles[key]) for a, b, key in bar_runs], len(row))
            for row in picture.bars
        ]
        marker, boundary = style("audio-strip--marker"), style("audio-strip--boundary")
        marks = dict(picture.markers)
        mark_styles = {
            (marked, within): (marker if marked else boundary) + (active_bg if within else Style())
            for marked in (False, True)
            for within in (False, True)
        }
        marked = [marks.get(col, Mark.BOUNDARY) is not Mark.BOUNDARY for col in range(len(inside))]
        row = picture.marker_row
        mark_runs = _runs(list(zip(marked, inside, strict=True)))
        lines.append(
            Strip([Segment(row[a:b], mark_styles[key]) for a, b, key in mark_runs], len(row))
        )
        return lines

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.envelope is None:
            if y == 0:
                text = one_line(self.note)[:width]
                return Strip([Segment(text, self._component_style("audio-strip--note"))])
            return Strip.blank(width)
        if self.picture is None or y >= len(self._lines):
            return Strip.blank(width)
        marker_row = y == len(self._lines) - 1
        # Drawn for the width of the last picture: the widget may be wider or narrower now.
        line = (
            self._marker_line(width) if marker_row else self._lines[y].crop_extend(0, width, None)
        )
        col = self._playhead_col
        if col is None or col >= width:
            return line
        return self._with_playhead(line, col, marker_row)

    def _marker_line(self, width: int) -> Strip:
        """The marker row ending in the progress note while analysing, else the scale (the
        window's width) where no marker lies under it; kept until the note changes."""
        note = one_line(self.note or f"{self.span_ms / 1000:g} s")[: max(0, width - 2)]
        picture = self.picture
        covered = picture is not None and any(
            col >= width - len(note) for col, _ in picture.markers
        )
        if covered and not self.note:
            note = ""  # the scale never hides a cue's boundary
        if self._noted is None or self._noted[:2] != (note, width):
            style = self._component_style("audio-strip--note")
            line = self._lines[-1].crop_extend(0, width - len(note), None)
            noted = Strip.join([line, Strip([Segment(note, style)], len(note))])
            self._noted = (note, width, noted)
        return self._noted[2]

    def _with_playhead(self, line: Strip, col: int, marker_row: bool) -> Strip:
        """`line` in the playhead's colours at `col` (▲ on a blank of the marker row): only
        the segment under it is split; a column repaint is several times a second. Every
        character of the strip takes one cell."""
        segments = list(line)
        start = index = 0
        for segment in segments:
            if start + len(segment.text) > col:
                break
            start += len(segment.text)
            index += 1
        else:
            return line
        text, style, at = segment.text, segment.style or Style(), col - start
        char = PLAYHEAD if marker_row and text[at] == " " else text[at]
        head = Segment(char, style + self._component_style("audio-strip--playhead"))
        parts = [Segment(text[:at], style), head, Segment(text[at + 1 :], style)]
        middle = [part for part in parts if part.text]
        return Strip([*segments[:index], *middle, *segments[index + 1 :]], line.cell_length)

    # -- mouse ----------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        if self.envelope is None:
            return
        ms = self.window.time_at(event.x)
        if 0 <= ms <= self.envelope.duration_ms:
            event.stop()
            self.post_message(self.Seek(ms))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.post_message(self.Zoomed(self.zoom(-1)))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.post_message(self.Zoomed(self.zoom(1)))


def _runs(keys: list[tuple[bool, bool]]) -> list[tuple[int, int, tuple[bool, bool]]]:
    """The runs of equal `keys`, as (first column, end column, key)."""
    runs: list[tuple[int, int, tuple[bool, bool]]] = []
    start = 0
    for col in range(1, len(keys) + 1):
        if col == len(keys) or keys[col] != keys[start]:
            runs.append((start, col, keys[start]))
            start = col
    return runs
