"""Incremental, case-insensitive search over cue text."""

from __future__ import annotations

from collections.abc import Callable


class TextSearch:
    """Finds cues whose text contains the query; folded texts are computed once, lazily."""

    def __init__(self, text_of: Callable[[int], str], count: int) -> None:
        self._text_of = text_of
        self._count = count
        self._folded: list[str] | None = None
        self.query = ""

    def reset(self, count: int) -> None:
        """The cues changed: forget folded texts."""
        self._count = count
        self._folded = None

    def set_query(self, query: str) -> None:
        """The text to look for (case-insensitive)."""
        self.query = query

    def _texts(self) -> list[str]:
        if self._folded is None:
            self._folded = [
                " ".join(self._text_of(i).split()).casefold() for i in range(self._count)
            ]
        return self._folded

    def find(self, start: int, *, forward: bool, include_start: bool) -> int | None:
        """The next (or previous) matching row from `start`, wrapping around."""
        needle = " ".join(self.query.split()).casefold()
        if not needle or not self._count:
            return None
        texts = self._texts()
        n = self._count
        first = 0 if include_start else 1
        for step in range(first, n + first):
            row = (start + step) % n if forward else (start - step) % n
            if needle in texts[row]:
                return row
        return None

    def matches(self) -> int:
        """How many cues match the query."""
        needle = " ".join(self.query.split()).casefold()
        return sum(needle in text for text in self._texts()) if needle else 0
