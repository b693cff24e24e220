"""The transcript: every cue as a row, drawn with Textual's Line API so 100,000 cues stay smooth.

With a second track shown, each row is two lines: the cue, and under it (dimmed) the second
track's text placed with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from captions.timecode import format_time
from player.keymap import TRANSCRIPT_KEYS, bindings
from player.text_safety import one_line

#: Width of the time column ("mm:ss.mmm" or "h:mm:ss.mmm" plus padding).
TIME_WIDTH = 12


class TranscriptView(ScrollView, can_focus=True):
    """Rows of (start, text); knows the current cue, the cursor and the search matches."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--time",
        "transcript--current",
        "transcript--cursor",
        "transcript--match",
        "transcript--overlap",
        "transcript--second",
    }
    DEFAULT_CSS = """
    TranscriptView { background: $surface; overflow-x: hidden; }
    TranscriptView > .transcript--time { color: $text-muted; }
    TranscriptView > .transcript--current { background: $accent 40%; text-style: bold; }
    TranscriptView > .transcript--cursor { background: $boost; text-style: reverse; }
    TranscriptView > .transcript--match { background: $warning 50%; }
    TranscriptView > .transcript--overlap { color: $warning; text-style: bold; }
    TranscriptView > .transcript--second { color: $text-muted; text-style: italic; }
    """
    BINDINGS = bindings(TRANSCRIPT_KEYS)

    class CursorMoved(Message):
        """The user moved the cursor to `row`, or `scrolled` the list: following stops, unless
        the cursor is now on the spoken cue."""

        def __init__(self, row: int, *, scrolled: bool = False) -> None:
            self.row = row
            self.scrolled = scrolled
            super().__init__()

    class RowChosen(Message):
        """Enter or a double click on a row: play from that cue."""

        def __init__(self, row: int) -> None:
            self.row = row
            super().__init__()

    def __init__(
        self,
        starts: Callable[[int], int],
        texts: Callable[[int], str],
        count: int,
        *,
        second: Callable[[int], str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._start_of = starts
        self._text_of = texts
        self._second_of = second
        self._count = count
        #: Lines per row: 2 while a second track is shown under each cue.
        self.lines_per_row = 2 if second is not None else 1
        self.current: int | None = None
        self.cursor = 0
        self.match_query = ""
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._generation = 0
        self._hours = False
        #: Rows that overlap another cue: marked `!` beside the time.
        self.overlaps: frozenset[int] = frozenset()

    def set_rows(self, count: int) -> None:
        """The cues changed (edit, load): drop cached rows and resize."""
        self._count = count
        self._generation += 1
        self._cache.clear()
        self._hours = count > 0 and max(self._start_of(count - 1), self._start_of(0)) >= 3_600_000
        self.cursor = min(self.cursor, max(0, count - 1))
        self.virtual_size = Size(self.size.width, count * self.lines_per_row)
        self.refresh()

    def set_overlaps(self, rows: frozenset[int]) -> None:
        """Mark `rows` as overlapping another cue."""
        if rows != self.overlaps:
            self.overlaps = rows
            self._generation += 1
            self._cache.clear()
            self.refresh()

    def show_second(self, shown: bool) -> None:
        """Show the second track's line under each row, or not (no second track: no-op)."""
        lines = 2 if shown and self._second_of is not None else 1
        if lines != self.lines_per_row:
            top_row = int(self.scroll_offset.y) // self.lines_per_row
            self.lines_per_row = lines
            self.set_rows(self._count)
            self.scroll_to(y=top_row * lines, animate=False, immediate=True)
            self._scroll_row_into_view(self.cursor, center=False)

    def refresh_row(self, row: int) -> None:
        """Repaint every line of `row`."""
        for line in range(row * self.lines_per_row, (row + 1) * self.lines_per_row):
            self.refresh_line(line)

    def on_mount(self) -> None:
        self.set_rows(self._count)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._count * self.lines_per_row)
        # A smaller window must still show the active cue (it kept the old top row).
        self.call_after_refresh(self._scroll_row_into_view, self.cursor, center=False)

    # -- drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        row, part = divmod(self.scroll_offset.y + y, self.lines_per_row)
        width = self.scrollable_content_region.width
        if row >= self._count or width <= 0:
            return Strip.blank(width, self.rich_style)
        flags = (row == self.current, row == self.cursor and self.has_focus, row == self.cursor)
        key = (row, part, width, self._generation, self.match_query, *flags)
        strip = self._cache.get(key)
        if strip is None:
            if part:
                strip = self._render_second(row, width, *flags)
            else:
                strip = self._render_row(row, width, *flags)
            self._cache[key] = strip
        return strip

    def _row_style(self, current: bool, focused_cursor: bool) -> Style:
        base = self.rich_style
        if current:
            base = base + self.get_component_rich_style("transcript--current")
        if focused_cursor:
            base = base + self.get_component_rich_style("transcript--cursor")
        return base

    def _render_second(
        self, row: int, width: int, current: bool, focused_cursor: bool, cursor: bool
    ) -> Strip:
        """The dimmed line under a row: the second track's text placed with this cue."""
        base = self._row_style(current, focused_cursor)
        style = base + self.get_component_rich_style("transcript--second")
        second = one_line(self._second_of(row) if self._second_of else "")
        text = Text(second, style=style, no_wrap=True, end="")
        if self.match_query:
            match_style = self.get_component_rich_style("transcript--match")
            text.highlight_words([self.match_query], match_style, case_sensitive=False)
        text.truncate(max(0, width - TIME_WIDTH - 2), overflow="ellipsis", pad=True)
        # Text.render leaves the Text's own style to the caller: apply it to the line.
        shown = Strip(text.render(self.app.console)).apply_style(style)
        return Strip.join(
            [Strip([Segment(" " * (TIME_WIDTH + 2), base)]), shown]
        ).adjust_cell_length(width, base)

    def _render_row(
        self, row: int, width: int, current: bool, focused_cursor: bool, cursor: bool
    ) -> Strip:
        base = self._row_style(current, focused_cursor)
        marker = "▶" if current else ("›" if cursor else " ")
        overlap = row in self.overlaps
        overlap_style = base + self.get_component_rich_style("transcript--overlap")
        stamp = format_time(self._start_of(row), hours=self._hours or None)
        time_style = base + self.get_component_rich_style("transcript--time")
        text = Text(one_line(self._text_of(row)), style=base, no_wrap=True, end="")
        if self.match_query:
            match_style = self.get_component_rich_style("transcript--match")
            text.highlight_words([self.match_query], match_style, case_sensitive=False)
        room = max(0, width - TIME_WIDTH - 2)
        text.truncate(room, overflow="ellipsis", pad=True)
        segments = [
            Segment(marker, base),
            Segment("!" if overlap else " ", overlap_style if overlap else base),
            Segment(f"{stamp:<{TIME_WIDTH}}", time_style),
            *text.render(self.app.console),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    # -- state from the app --------------------------------------------------------------------
    def set_current(self, row: int | None, *, follow: bool) -> None:
        """Highlight `row` (the cue being spoken); keep it in view when following."""
        if row == self.current:
            return
        old, self.current = self.current, row
        for changed in (old, row):
            if changed is not None:
                self.refresh_row(changed)
        if follow and row is not None:
            self.cursor_to_row(row, notify=False)

    def set_query(self, query: str) -> None:
        """Highlight `query` in every visible row."""
        if query != self.match_query:
            self.match_query = query
            self.refresh()

    # -- cursor --------------------------------------------------------------------------------
    def cursor_to_row(self, row: int, *, notify: bool = True, center: bool = True) -> None:
        """Move the cursor to `row` and scroll it into view."""
        if not self._count:
            return
        row = max(0, min(self._count - 1, row))
        old, self.cursor = self.cursor, row
        self.refresh_row(old)
        self.refresh_row(row)
        self._scroll_row_into_view(row, center=center)
        if notify:
            self.post_message(self.CursorMoved(row))

    def _scroll_row_into_view(self, row: int, *, center: bool) -> None:
        lines = self.lines_per_row
        height = max(1, (self.scrollable_content_region.height or 1) // lines)  # in rows
        top = int(self.scroll_offset.y) // lines
        if top <= row < top + height and not (center and not top + 2 <= row < top + height - 2):
            return
        target = row - height // 3 if center else (row if row < top else row - height + 1)
        self.scroll_to(y=max(0, target) * lines, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor_to_row(self.cursor + delta, center=False)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height // self.lines_per_row - 1)
        self.scroll_to(
            y=self.scroll_offset.y + direction * height * self.lines_per_row,
            animate=False,
            immediate=True,
        )
        self.cursor_to_row(self.cursor + direction * height, center=False)

    def action_cursor_to(self, row: int) -> None:
        self.cursor_to_row(row if row >= 0 else self._count - 1, center=False)

    def action_choose(self) -> None:
        if self._count:
            self.post_message(self.RowChosen(self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click makes the row the active cue (as the arrow keys do); a double click plays
        it (as Enter does)."""
        row = (int(self.scroll_offset.y) + event.y) // self.lines_per_row
        if 0 <= row < self._count:
            if event.chain >= 2:
                self.cursor_to_row(row, notify=False, center=False)
                self.post_message(self.RowChosen(row))
            else:
                self.cursor_to_row(row, center=False)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.post_message(self.CursorMoved(self.cursor, scrolled=True))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.post_message(self.CursorMoved(self.cursor, scrolled=True))

    def on_focus(self) -> None:
        self.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor)
