"""Fixed-size text lines for the now panel: `Line` shows a Content; `MarkedLine` shows a cue with
its first characters marked as spoken, and a word mark costs two crops a row, not a new layout.

Marking changes styles, never cell widths, so a cue laid out once unmarked and once all marked
gives every row of any mark: the marked row's cells up to the mark, the unmarked row's after
it. Where each row's text starts in the cue is found by reading the rows in order; when the
rows are not the cue's own text re-flowed (an ellipsis, a tab), the mark is laid out whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from captions.text_safety import inert

#: The style of the spoken part of a cue.
SPOKEN_STYLE = "bold $accent"


def marked_lines(text: str, spoken: int) -> Content:
    """A cue's lines as lines (each made inert, never a "␊"), its first `spoken` characters
    marked as said."""
    parts: list[tuple[str, str]] = []
    done = 0
    for number, line in enumerate(text.split("\n")):
        if number:
            parts.append(("\n", ""))
            done += 1
        said = max(0, min(len(line), spoken - done))
        shown = inert(line)
        parts += [(shown[:said], SPOKEN_STYLE), (shown[said:], "")]
        done += len(line)
    return Content.assemble(*(part for part in parts if part[0]))


def text_extent(unmarked: Strip, marked: Strip) -> tuple[str, int]:
    """A row's text (what marking restyles, the alignment blanks around it left out) and the
    cells before it, from the row laid out unmarked and all marked."""
    plain = [(char, seg.style) for seg in unmarked for char in seg.text]
    styled = [seg.style for seg in marked for char in seg.text]
    changed = [i for i, ((_, a), b) in enumerate(zip(plain, styled, strict=False)) if a != b]
    if not changed:
        return "", 0
    chars = "".join(char for char, _ in plain)
    return chars[changed[0] : changed[-1] + 1], cell_len(chars[: changed[0]])


def row_starts(plain: str, rows: list[tuple[str, int]]) -> list[tuple[int, int, str]] | None:
    """For each row (its text and the cells before it, as `text_extent` gives): (offset in
    `plain` of its first character, cells before it, its text); None when the rows are not
    `plain` re-flowed (characters other than blanks at the breaks dropped, changed or added)."""
    starts = []
    at = 0
    for text, lead in rows:
        if not text:
            starts.append((at, 0, ""))
            continue
        found = plain.find(text, at)
        if found < 0 or plain[at:found].strip():
            return None
        starts.append((found, lead, text))
        at = found + len(text)
    if plain[at:].strip():
        return None
    return starts


class Line(Widget):
    """Fixed-size text that repaints without a layout pass (a word mark is several a second;
    `Static.update` would reflow the whole screen each time)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = Content("")

    def set(self, content: Content) -> None:
        """Show `content` (never parsed as markup). Content's `==` compares the text only, so
        the spans are compared too: a word mark changes the style, not the text."""
        old = self._content
        if content.plain != old.plain or content.spans != old.spans:
            self._content = content
            self.refresh()

    @property
    def text(self) -> str:
        """The plain text shown."""
        return self._content.plain

    def render(self) -> Content:
        return self._content


class MarkedLine(Line):
    """A `Line` that shows a cue with its spoken part marked (`mark`), or any Content (`set`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._marked: tuple[str, int] | None = None  # (cue text, characters spoken)
        self._layout: _Layout | None = None

    def set(self, content: Content) -> None:
        if self._marked is None:
            super().set(content)
            return
        self._marked = None
        self._content = content
        self.refresh()

    def mark(self, text: str, spoken: int) -> None:
        """Show cue `text` with its first `spoken` characters marked as said: a new mark in
        the same cue repaints only the rows it changes (mostly one)."""
        old = self._marked
        if old == (text, spoken):
            return
        self._marked = (text, spoken)
        layout, size = self._layout, self.size
        if old is None or old[0] != text or layout is None or layout.key != (text, size):
            self.refresh()
            return
        rows = [
            Region(0, y, size.width, 1)
            for y, (start, _, row_text) in enumerate(layout.starts)
            if _said(row_text, start, old[1]) != _said(row_text, start, spoken)
        ]
        if rows:
            self.refresh(*rows)

    @property
    def text(self) -> str:
        return self.render().plain

    def render(self) -> Content:
        if self._marked is not None:
            return marked_lines(*self._marked)
        return self._content

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout = None  # the theme or a class changed: lay out again

    def _lay_out(self, text: str, size: Size) -> _Layout | None:
        """The layout of `text` at `size` and the current styles (None: not a re-flow)."""
        layout = self._layout
        if layout is None or layout.key != (text, size):
            width, height = size
            unmarked, marked = (
                Visual.to_strips(
                    self, visualize(self, marked_lines(text, n)), width, height, self.visual_style
                )
                for n in (0, len(text))
            )
            extents = [text_extent(*rows) for rows in zip(unmarked, marked, strict=True)]
            starts = row_starts(marked_lines(text, 0).plain, extents)
            if starts is None:
                return None
            layout = self._layout = _Layout((text, size), unmarked, marked, starts)
        return layout

    def render_line(self, y: int) -> Strip:
        if self._marked is None:
            return super().render_line(y)
        text, spoken = self._marked
        size = self.size
        layout = self._lay_out(text, size)
        if layout is None:
            return super().render_line(y)
        if y >= len(layout.unmarked):  # below the text: blank, as Textual draws it
            return Strip.blank(size.width, self.visual_style.rich_style)
        start, lead, core = layout.starts[y]
        said = _said(core, start, spoken)
        row = layout.unmarked[y]
        if said == 0:
            return row
        cut = lead + cell_len(core[:said])
        return Strip.join([layout.marked[y].crop(0, cut), _tail(row, cut)])


def _said(row_text: str, start: int, spoken: int) -> int:
    """How many characters of a row starting at `start` of the cue are spoken."""
    return min(len(row_text), max(0, spoken - start))


def _tail(row: Strip, cut: int) -> Strip:
    """`row` from cell `cut` on. The segment cut in two keeps the character offset Textual's
    text selection reads from its style (the offset of its first character), now one further
    on for each character cut off."""
    tail = list(row.crop(cut, row.cell_length))
    start = 0
    for segment in row:
        end = start + segment.cell_length
        if start < cut < end and tail and segment.style is not None:
            meta = segment.style.meta
            if "offset" in meta:
                x, y = meta["offset"]
                head = len(Segment(segment.text).split_cells(cut - start)[0].text)
                style = segment.style + Style.from_meta({"offset": (x + head, y)})
                tail[0] = Segment(tail[0].text, style, tail[0].control)
            break
        start = end
    return Strip(tail, row.cell_length - cut)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A cue laid out at one size: its rows unmarked and all marked, where each row starts."""

    key: tuple[str, Size]
    unmarked: list[Strip]
    marked: list[Strip]
    starts: list[tuple[int, int, str]]
