"""The one exception the captions package raises for bad input."""

from __future__ import annotations

from pathlib import Path


class CaptionError(Exception):
    """A problem with the user's input, worded for the user: what is wrong and what to do."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class EditError(CaptionError):
    """An edit that cannot be made here (no cue, playhead outside the cue, …)."""
