"""A picture as terminal cells: upper half blocks, two pixels a cell (top: foreground colour,
bottom: background colour), in 24-bit colour or the xterm 256-colour palette.

Vectorised with numpy: the frame is fitted into the cell area, converted, quantised (6 bits a
channel, fewer while frames are costly; or the 256-colour palette) and packed into one integer
key per cell; equal neighbouring cells become one Segment, and a Style is built once per distinct
key (a bounded cache), so a 120×40 frame costs a few thousand dictionary look-ups, not a Python
loop per pixel.
"""

from __future__ import annotations

import time
from typing import Literal

import numpy as np
import numpy.typing as npt
from rich.color import Color, ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from player.playback.video_frames import Frame, fit

UPPER_HALF = "▀"
ColorMode = Literal["truecolor", "256"]
#: The styles cached per renderer before the cache starts again.
_STYLE_CACHE_LIMIT = 65_536
#: Render time (s) above which colours get coarser, and below which they get finer again.
_SLOW_S, _FAST_S = 0.020, 0.008
#: Low bits dropped from each channel in 24-bit mode: at least 2 (6 bits, invisible in a moving
#: picture), at most 4, chosen by the render time (a busy picture costs a Style per new colour).
_MIN_DROP, _MAX_DROP = 2, 4
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
        self._colors: dict[int, Color] = {}
        self.dropped_bits = _MIN_DROP

    def render(self, frame: Frame, columns: int, rows: int) -> list[Strip]:
        """`rows` strips of `columns` cells: the frame fitted and centred, the rest background."""
        if columns <= 0 or rows <= 0:
            return []
        width, height = fit((frame.width, frame.height), (columns, rows * 2))
        height += height % 2  # whole cells (fit never exceeds rows * 2, which is even)
        picture = resample(rgb_of(frame), width, height)
        started = time.perf_counter()
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
        self._adapt(time.perf_counter() - started)
        return strips

    def _adapt(self, seconds: float) -> None:
        if seconds > _SLOW_S and self.dropped_bits < _MAX_DROP:
            self.dropped_bits += 1
        elif seconds < _FAST_S and self.dropped_bits > _MIN_DROP:
            self.dropped_bits -= 1

    def _keys(self, picture: Rgb) -> npt.NDArray[np.int64]:
        """One integer per cell: the top pixel's colour and the bottom one's, packed."""
        top, bottom = picture[0::2], picture[1::2]
        if self.colors == "256":
            return (to_xterm256(top) << 8) | to_xterm256(bottom)
        mask = (0xFF << self.dropped_bits) & 0xFF
        return (_pack(top, mask) << 24) | _pack(bottom, mask)

    def _row_segments(self, keys: npt.NDArray[np.int64]) -> list[Segment]:
        """Runs of equal cells as Segments."""
        starts = np.flatnonzero(np.diff(keys)) + 1
        bounds = [0, *starts.tolist(), len(keys)]
        values = keys[bounds[:-1]].tolist()
        styles = self._styles
        if len(styles) > _STYLE_CACHE_LIMIT:
            styles.clear()
            self._colors.clear()
        segments = []
        for index, key in enumerate(values):
            style = styles.get(key)
            if style is None:
                style = styles[key] = self._style(key)
            segments.append(Segment(UPPER_HALF * (bounds[index + 1] - bounds[index]), style))
        return segments

    def _style(self, key: int) -> Style:
        if self.colors == "256":
            return Style.from_color(Color.from_ansi(key >> 8), Color.from_ansi(key & 0xFF))
        return Style.from_color(self._color(key >> 24), self._color(key & 0xFFFFFF))

    def _color(self, rgb: int) -> Color:
        color = self._colors.get(rgb)
        if color is None:
            # Built directly: Color.from_rgb costs three times as much, per cell of a frame.
            triplet = ColorTriplet(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF)
            color = Color(f"#{rgb:06x}", ColorType.TRUECOLOR, triplet=triplet)
            self._colors[rgb] = color
        return color


def _pack(rgb: Rgb, mask: int) -> npt.NDArray[np.int64]:
    values = rgb.astype(np.int64) & mask
    packed: npt.NDArray[np.int64] = (values[..., 0] << 16) | (values[..., 1] << 8) | values[..., 2]
    return packed
