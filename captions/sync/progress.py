"""Progress of `captions sync` on stderr: a bar that redraws in place on a terminal, plain
lines (every 10 %) otherwise."""

from __future__ import annotations

from typing import TextIO

#: Width of the bar (characters).
BAR = 30
#: Plain lines are written at these steps (fraction).
LINE_STEP = 0.1


class Progress:
    """Reports decoding as a fraction and the search's stages by name."""

    def __init__(self, stream: TextIO, *, terminal: bool | None = None) -> None:
        self._stream = stream
        self._terminal = stream.isatty() if terminal is None else terminal
        self._last = -1.0
        self._open = False

    def fraction(self, done: float) -> None:
        """Decoding has reached `done` (0..1)."""
        if self._terminal:
            filled = round(done * BAR)
            bar = "#" * filled + "-" * (BAR - filled)
            self._stream.write(f"\rsync: decoding [{bar}] {done * 100:3.0f} %")
            self._open = True
        elif done >= 1.0 or done - self._last >= LINE_STEP:
            self._stream.write(f"sync: decoding {done * 100:.0f} %\n")
            self._last = done
        self._stream.flush()

    def stage(self, name: str) -> None:
        """The search moved on to `name`."""
        self.end()
        self._stream.write(f"sync: {name} ...\n")
        self._stream.flush()

    def end(self) -> None:
        """Finish the bar's line, if one is open."""
        if self._open:
            self._stream.write("\n")
            self._open = False
        self._stream.flush()
