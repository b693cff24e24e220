"""The half-block renderer: two pixels a cell, exact 24-bit colours, the 256-colour palette,
letterboxing and resampling."""

from __future__ import annotations

import numpy as np
from rich.color import Color

from player.playback.video_frames import Frame
from player.ui.widgets.half_blocks import UPPER_HALF, HalfBlockRenderer, to_xterm256
from tests.fake_frames import solid


def two_rows(top: tuple[int, int, int], bottom: tuple[int, int, int], width: int) -> Frame:
    pixels = np.concatenate([solid(width, 1, top), solid(width, 1, bottom)])
    return Frame(1, pixels)


def test_a_cell_holds_the_top_pixel_as_foreground_and_the_bottom_one_as_background() -> None:
    strips = HalfBlockRenderer().render(two_rows((255, 0, 0), (0, 0, 252), 4), 4, 1)
    assert len(strips) == 1
    segments = list(strips[0])
    assert "".join(s.text for s in segments) == UPPER_HALF * 4
    assert len(segments) == 1  # equal cells merge into one segment
    style = segments[0].style
    assert style is not None
    assert style.color is not None and style.bgcolor is not None
    assert style.color.get_truecolor() == (252, 0, 0)  # 6 bits a channel
    assert style.bgcolor.get_truecolor() == (0, 0, 252)


def test_every_cell_keeps_its_own_colours_to_six_bits() -> None:
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(6, 5, 4), dtype=np.uint8)
    strips = HalfBlockRenderer().render(Frame(1, pixels), 5, 3)
    for row, strip in enumerate(strips):
        cells = [(seg.style, ch) for seg in strip for ch in seg.text]
        assert len(cells) == 5
        for col, (style, ch) in enumerate(cells):
            assert ch == UPPER_HALF
            assert style is not None and style.color is not None and style.bgcolor is not None
            b, g, r = pixels[2 * row, col, :3] & 0xFC
            assert style.color.get_truecolor() == (r, g, b)
            b, g, r = pixels[2 * row + 1, col, :3] & 0xFC
            assert style.bgcolor.get_truecolor() == (r, g, b)


def test_a_wide_picture_is_letterboxed_and_centred() -> None:
    frame = Frame(1, solid(16, 4, (200, 100, 50)))  # 4:1
    strips = HalfBlockRenderer().render(frame, 8, 4)  # 8×8 pixels: the picture is 8×2
    texts = ["".join(s.text for s in strip) for strip in strips]
    assert [t.count(UPPER_HALF) for t in texts] == [0, 8, 0, 0]
    assert all(strip.cell_length == 8 for strip in strips)


def test_a_frame_of_another_size_is_resampled_to_fit() -> None:
    frame = Frame(1, solid(40, 40, (10, 20, 30)))
    strips = HalfBlockRenderer().render(frame, 10, 5)  # 10×10 pixels
    assert len(strips) == 5
    assert all(strip.cell_length == 10 for strip in strips)
    assert all("".join(s.text for s in strip) == UPPER_HALF * 10 for strip in strips)


def test_256_colours_use_the_xterm_cube_and_grey_ramp() -> None:
    rgb = np.array([[[255, 0, 0], [0, 0, 0], [255, 255, 255], [128, 128, 128], [95, 135, 175]]])
    assert to_xterm256(rgb.astype(np.uint8)).tolist() == [[196, 16, 231, 244, 67]]
    strips = HalfBlockRenderer("256").render(two_rows((255, 0, 0), (0, 0, 255), 2), 2, 1)
    style = next(iter(strips[0])).style
    assert style is not None
    assert style.color == Color.from_ansi(196)
    assert style.bgcolor == Color.from_ansi(21)
