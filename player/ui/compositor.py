"""A Textual compositor that renders only the lines a partial update writes, and leaves no
reference cycles behind.

Textual 8's `Compositor._get_renders(crop)` keeps every widget whose *clip* overlaps the dirty
crop, and renders each kept widget whole; a top-level widget's clip is the whole screen, so each
partial update (a word mark, the status second) re-rendered every widget's every line through
the styles cache: ~1 ms a frame, most of the app's CPU while playing. A partial update writes
only the crop's rows, so this renders, for each widget that meets those rows, just its part of
them (full width, so every cut of a written row is still filled): the same frame, less work.
Full updates (no crop) are Textual's own.

Textual 8's `Strip.divide`, called on every strip the compositor writes, caches its result in
the strip, and for a strip no cut divides that result is `[self]`: a reference cycle. Each
strip a repaint makes (15 a second per row of the video pane) then lives until the garbage
collector finds it, and that pressure sets off full collections every few seconds, each
stopping the event loop for 35-120 ms (measured with the pane on: the highlight was late by as
much). `_render_chops` here is Textual's with that one case handled without the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import cast

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


def divide(strip: Strip, cuts: list[int]) -> Sequence[Strip]:
    """`strip.divide(cuts)`, but a strip no cut divides is not cached in itself (no cycle)."""
    if cuts == [strip.cell_length]:
        return [strip]
    return strip.divide(cuts)


class CroppedCompositor(Compositor):
    """`Compositor` whose partial renders cover only the rows of the dirty crop, and whose
    strips are freed by reference counting."""

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if not crop:
            yield from super()._get_renders(crop)
            return
        band = Region(0, crop.y, self.size.width, crop.height)
        for widget, (region, clip) in self.visible_widgets.items():
            band_clip = clip.intersection(band)
            x, y, width, height = region.intersection(band_clip)
            if width and height:
                relative = Region(x - region.x, y - region.y, width, height)
                yield region, band_clip, widget.render_lines(relative)

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        # Textual 8.2's Compositor._render_chops, with `divide` above for `strip.divide`.
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                chops_line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                cut_strips = divide(strip, [cut - render_x for cut in final_cuts[1:]])
                # Painting front to back: the first strip for a cut wins.
                for cut, cut_strip in zip(final_cuts, cut_strips, strict=False):
                    if chops_line.get(cut) is None:
                        chops_line[cut] = cut_strip
        return cast("Sequence[Mapping[int, Strip]]", chops)
