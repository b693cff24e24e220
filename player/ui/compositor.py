"""A Textual compositor that renders only the widgets a partial update touches.

Textual 8's `Compositor._get_renders(crop)` keeps every widget whose *clip* overlaps the dirty
crop; a top-level widget's clip is the whole screen, so each partial update (a word mark, the
status second) re-rendered all of them through the styles cache: ~1 ms a frame, most of the
app's CPU while playing. The lines it writes come only from widgets whose visible region
(region ∩ clip) meets the crop, so filtering on that writes the same frame with less work.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class CroppedCompositor(Compositor):
    """`Compositor` whose partial renders skip widgets entirely outside the crop."""

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if not crop:
            yield from super()._get_renders(crop)
            return
        visible = self.visible_widgets
        overlaps = crop.overlaps
        self._visible_widgets = {
            widget: (region, clip)
            for widget, (region, clip) in visible.items()
            if overlaps(region.intersection(clip))
        }
        try:
            yield from super()._get_renders(crop)
        finally:
            self._visible_widgets = visible
