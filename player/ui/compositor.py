"""A Textual compositor that renders only the lines a partial update writes.

Textual 8's `Compositor._get_renders(crop)` keeps every widget whose *clip* overlaps the dirty
crop, and renders each kept widget whole; a top-level widget's clip is the whole screen, so each
partial update (a word mark, the status second) re-rendered every widget's every line through
the styles cache: ~1 ms a frame, most of the app's CPU while playing. A partial update writes
only the crop's rows, so this renders, for each widget that meets those rows, just its part of
them (full width, so every cut of a written row is still filled): the same frame, less work.
Full updates (no crop) are Textual's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class CroppedCompositor(Compositor):
    """`Compositor` whose partial renders cover only the rows of the dirty crop."""

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
