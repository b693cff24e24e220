"""The captions libVLC draws on its own video window: the track as it is now in the editor.

After an edit the UI calls `changed()`; `due()` tells it when the debounce has passed, and
`flush()` then writes the track to a new temporary subtitle file and hands it to libVLC (which
reads the whole file when it opens it), so the window shows what a save would write. Files are
numbered (libVLC may still be opening the previous one) and the ones before that are deleted;
`close()` removes the folder. ASS/SSA tracks are written as ASS (styles and tags kept), the rest
as SRT.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from captions.formats import dumps
from captions.track import Track

#: Seconds after the last edit before the window's captions are replaced.
DEBOUNCE_S = 0.3


class WindowCaptions:
    """Debounced hand-over of the current track to libVLC's window (`show(path)`)."""

    def __init__(
        self,
        show: Callable[[Path], None],
        *,
        debounce_s: float = DEBOUNCE_S,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._show = show
        self._debounce = debounce_s
        self._now = now
        self._folder: Path | None = None
        self._written: list[Path] = []
        self._due: float | None = None

    def changed(self) -> None:
        """The track was edited: replace the window's captions once edits pause."""
        self._due = self._now() + self._debounce

    def due(self) -> bool:
        """Whether a change is waiting and its debounce has passed."""
        return self._due is not None and self._now() >= self._due

    def flush(self, track: Track) -> Path:
        """Write `track` to a new file and show it now; returns the file."""
        self._due = None
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="caption-player-window-"))
        fmt = "ass" if track.format in ("ass", "ssa") else "srt"
        path = self._folder / f"captions-{len(self._written):05d}.{fmt}"
        path.write_text(dumps(track, fmt), encoding="utf-8")
        self._show(path)
        self._written.append(path)
        for old in self._written[:-2]:
            old.unlink(missing_ok=True)
        return path

    def close(self) -> None:
        """Delete the files written."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
