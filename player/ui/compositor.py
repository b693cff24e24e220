"""A Textual compositor that renders only the rows a partial update writes, and leaves no
reference cycles behind.

Textual 8's `Compositor._get_renders(crop)` keeps every widget whose *clip* overlaps the dirty
crop, and renders each kept widget whole; a top-level widget's clip is the whole screen, so each
partial update (a word mark, the status second) re-rendered every widget's every line through
the styles cache. Its crop is also the bounding box of all dirty regions: a word mark in the now
panel plus a playhead move in the audio strip spans every row between them. A partial update
writes only its spans' rows, so this renders, for each run of consecutive dirty rows, each
widget that meets the run, just its part of it, and skips a widget hidden there by the widgets
in front (the screen behind the audio strip) or whose cuts no span writes (the now panel's
border and padding beside a word mark): the same frame, less work. Full updates render the
whole screen this way too.

Textual 8's `Strip.divide`, called on every strip the compositor writes, caches its result in
the strip, and for a strip no cut divides that result is `[self]`: a reference cycle. Each
strip a repaint makes (15 a second per row of the video pane) then lives until the garbage
collector finds it, and that pressure sets off full collections every few seconds, each
stopping the event loop for 35-120 ms (measured with the pane on: the highlight was late by as
much). `_fill_chops` here is Textual's `_render_chops` with that one case handled without the
cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import cast

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


def divide(strip: Strip, cuts: list[int]) -> Sequence[Strip]:
    """`strip.divide(cuts)`, but a strip no cut divides is not cached in itself (no cycle)."""
    if cuts == [strip.cell_length]:
        return [strip]
    return strip.divide(cuts)


def row_runs(rows: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The runs of consecutive rows in `rows`, as (first row, count), top to bottom."""
    first = previous = -2
    for row in sorted(set(rows)):
        if row != previous + 1:
            if previous >= first >= 0:
                yield first, previous - first + 1
            first = row
        previous = row
    if previous >= first >= 0:
        yield first, previous - first + 1


class CroppedCompositor(Compositor):
    """`Compositor` whose partial renders cover only the dirty rows, skip the widgets hidden
    there, and whose strips are freed by reference counting."""

    def render_partial_update(self) -> ChopsUpdate | None:
        # Textual 8.2's, with one full-width band per run of dirty rows for the bounding crop.
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        spans = list(self._regions_to_spans(update_regions))
        rows = {y for y, _, _ in spans}
        width, height = self.size
        bands = [
            Region(0, first, width, count)
            for first, count in row_runs(y for y in rows if 0 <= y < height)
        ]
        written: dict[int, set[int]] = {}
        for y, x1, x2 in spans:
            cut_set = self.cuts[y]
            written.setdefault(y, set()).update(
                cut for cut, end in pairwise(cut_set) if cut < x2 and end > x1
            )
        chops = self._fill_chops(bands, rows.__contains__, written)
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        return ChopsUpdate(chops, spans, chop_ends)

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        band = Region(0, crop.y, self.size.width, crop.height)
        return self._fill_chops([band], is_rendered_line)

    def _fill_chops(
        self,
        bands: Iterable[Region],
        is_rendered_line: Callable[[int], bool],
        written: Mapping[int, set[int]] | None = None,
    ) -> Sequence[Mapping[int, Strip]]:
        """Textual 8.2's `Compositor._render_chops` for full-width `bands`: each widget renders
        just its part of a band, none whose every cut there a widget in front already filled
        (the screen behind the audio strip) or no span writes (`written`: the cuts of each
        line the update writes, None for all; the now panel's border beside a word mark), and
        `divide` above stands for `strip.divide`."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for band in bands:
            for widget, (region, clip) in self.visible_widgets.items():
                render_region = region.intersection(clip.intersection(band))
                x, y, width, height = render_region
                if not (width and height):
                    continue
                right = x + width
                lines = [line for line in render_region.line_range if is_rendered_line(line)]
                if all(
                    chops[line][cut] is not None
                    or (written is not None and cut not in written.get(line, ()))
                    for line in lines
                    for cut in cuts[line]
                    if x <= cut < right
                ):
                    continue  # hidden by the widgets in front, or not written: no use
                strips = widget.render_lines(Region(x - region.x, y - region.y, width, height))
                for line, strip in zip(render_region.line_range, strips, strict=False):
                    if not is_rendered_line(line):
                        continue
                    chops_line = chops[line]
                    final_cuts = [cut for cut in cuts[line] if right >= cut >= x]
                    cut_strips = divide(strip, [cut - x for cut in final_cuts[1:]])
                    # Painting front to back: the first strip for a cut wins.
                    for cut, cut_strip in zip(final_cuts, cut_strips, strict=False):
                        if chops_line.get(cut) is None:
                            chops_line[cut] = cut_strip
        return cast("Sequence[Mapping[int, Strip]]", chops)
