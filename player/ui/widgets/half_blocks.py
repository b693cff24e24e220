"""A picture as terminal cells: upper half blocks, two pixels a cell (top: foreground colour,
bottom: background colour), in 24-bit colour or the xterm 256-colour palette.

Vectorised with numpy: the frame is fitted into the cell area, converted, quantised (256 colours)
and packed into one integer key per cell; equal neighbouring cells become one Segment, and a
Style is built once per distinct key (a bounded cache), so a 120×40 frame costs a few thousand
dictionary look-ups, not a Python loop per pixel.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from player.video_frames import Frame, fit

UPPER_HALF = "▀"
ColorMode = Literal["truecolor", "256"]
#: The styles cached per renderer before the cache starts again.
_STYLE_CACHE_LIMIT = 65_536
#: The six levels of each channel in the xterm 6×6×6 colour cube.
_CUBE_LEVELS = np.array([0, 95, 135, 175, 215, 255], dtype=np.int16)

Rgb = npt.NDArray[np.uint8]


def rgb_of(frame: Frame) -> Rgb:
    """The frame's pixels as (height, width, 3) red, green, blue (RV32 is blue, green, red, x)."""
    rgb: Rgb = frame.pixels[:, :, 2::-1]
    return rgb


def resample(rgb: Rgb, width: int, height: int) -> Rgb:
    """Nearest-neighbour resize (only needed until libVLC renders at the pane's new size)."""
    if rgb.shape[0] == height and rgb.shape[1] == width:
        return rgb
    rows = (np.arange(height) * rgb.shape[0]) // height
    cols = (np.arange(width) * rgb.shape[1]) // width
    resized: Rgb = rgb[rows[:, np.newaxis], cols[np.newaxis, :]]
    return resized


def to_xterm256(rgb: Rgb) -> npt.NDArray[np.int64]:
    """The nearest xterm-256 palette index of each pixel (colour cube or grey ramp)."""
    values = rgb.astype(np.int16)
    # Nearest cube level per channel: the levels are 0, then 95 + 40k.
    steps = np.clip((values - 35) // 40, 0, 5)
    upper = np.clip(steps + 1, 0, 5)
    closer_up = np.abs(_CUBE_LEVELS[upper] - values) < np.abs(_CUBE_LEVELS[steps] - values)
    steps = np.where(closer_up, upper, steps)
    cube = 16 + 36 * steps[..., 0] + 6 * steps[..., 1] + steps[..., 2]
    cube_rgb = _CUBE_LEVELS[steps]
    grey_level = np.clip((values.mean(axis=-1) - 3) // 10, 0, 23).astype(np.int16)
    grey_value = (8 + 10 * grey_level)[..., np.newaxis]
    cube_error = ((cube_rgb - values) ** 2).sum(axis=-1)
    grey_error = ((grey_value - values) ** 2).sum(axis=-1)
    return np.where(grey_error < cube_error, 232 + grey_level, cube).astype(np.int64)


class HalfBlockRenderer:
    """Turns frames into one Strip per cell row, for a cell area of a given size."""

    def __init__(self, colors: ColorMode = "truecolor", background: Color | None = None) -> None:
        self.colors: ColorMode = colors
        self._background = Style(bgcolor=background or Color.from_rgb(0, 0, 0))
        self._styles: dict[int, Style] = {}

    def render(self, frame: Frame, columns: int, rows: int) -> list[Strip]:
        """`rows` strips of `columns` cells: the frame fitted and centred, the rest background."""
        if columns <= 0 or rows <= 0:
            return []
        width, height = fit((frame.width, frame.height), (columns, rows * 2))
        height += height % 2  # whole cells (fit never exceeds rows * 2, which is even)
        picture = resample(rgb_of(frame), width, height)
        keys = self._keys(picture)
        left = (columns - width) // 2
        top = (rows - height // 2) // 2
        blank = Strip.blank(columns, self._background)
        strips = [blank] * rows
        pad_left = [Segment(" " * left, self._background)] if left else []
        right = columns - width - left
        pad_right = [Segment(" " * right, self._background)] if right else []
        for row in range(keys.shape[0]):
            segments = [*pad_left, *self._row_segments(keys[row]), *pad_right]
            strips[top + row] = Strip(segments, columns)
        return strips

    def _keys(self, picture: Rgb) -> npt.NDArray[np.int64]:
        """One integer per cell: the top pixel's colour and the bottom one's, packed."""
        top, bottom = picture[0::2], picture[1::2]
        if self.colors == "256":
            return (to_xterm256(top) << 8) | to_xterm256(bottom)
        top_rgb = _pack(top)
        return (top_rgb << 24) | _pack(bottom)

    def _row_segments(self, keys: npt.NDArray[np.int64]) -> list[Segment]:
        """Runs of equal cells as Segments."""
        starts = np.flatnonzero(np.diff(keys)) + 1
        bounds = [0, *starts.tolist(), len(keys)]
        values = keys[bounds[:-1]].tolist()
        styles = self._styles
        if len(styles) > _STYLE_CACHE_LIMIT:
            styles.clear()
        segments = []
        for index, key in enumerate(values):
            style = styles.get(key)
            if style is None:
                style = styles[key] = self._style(key)
            segments.append(Segment(UPPER_HALF * (bounds[index + 1] - bounds[index]), style))
        return segments

    def _style(self, key: int) -> Style:
        if self.colors == "256":
            return Style(color=Color.from_ansi(key >> 8), bgcolor=Color.from_ansi(key & 0xFF))
        top, bottom = key >> 24, key & 0xFFFFFF
        return Style(
            color=Color.from_rgb(top >> 16, (top >> 8) & 0xFF, top & 0xFF),
            bgcolor=Color.from_rgb(bottom >> 16, (bottom >> 8) & 0xFF, bottom & 0xFF),
        )


def _pack(rgb: Rgb) -> npt.NDArray[np.int64]:
    values = rgb.astype(np.int64)
    packed: npt.NDArray[np.int64] = (values[..., 0] << 16) | (values[..., 1] << 8) | values[..., 2]
    return packed
