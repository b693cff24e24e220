"""A fake `FrameSource` for pane tests: frames are put by the test, calls are recorded."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from player.playback.video_frames import Frame, LatestFrame


def solid(width: int, height: int, rgb: tuple[int, int, int]) -> npt.NDArray[np.uint8]:
    """A (height, width, 4) RV32 picture (blue, green, red, x) of one colour."""
    pixels = np.zeros((height, width, 4), dtype=np.uint8)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = rgb[2], rgb[1], rgb[0]
    return pixels


class FakeFrameSource:
    """Frames come from `put`; `targets`, `enabled_calls`, `refits` record what the pane asked."""

    def __init__(self) -> None:
        self.slot = LatestFrame()
        self.targets: list[tuple[int, int]] = []
        self.enabled_calls: list[bool] = []
        self.refits = 0
        self.asked = 0

    def put(self, pixels: npt.NDArray[np.uint8]) -> None:
        self.slot.put(pixels)

    def set_target(self, width: int, height: int) -> None:
        self.targets.append((width, height))

    def set_enabled(self, enabled: bool) -> None:
        self.enabled_calls.append(enabled)

    def latest(self, after: int) -> Frame | None:
        self.asked += 1
        return self.slot.latest(after)

    def refit(self) -> None:
        self.refits += 1
