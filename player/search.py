"""Incremental, case-insensitive search over cue text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

#: A search counts the cues that match up to this many ("999+" beyond).
MAX_COUNTED = 999


class TextSearch:
    """Finds cues whose text contains the query.

    Each cue's folded text is computed the first time a search reaches it (folding all 100,000
    cues in one keystroke took over 100 ms) or ahead of time by `fold_ahead` in idle moments.
    Once every cue is folded they are joined into one string, searched with `str.find`.
    """

    def __init__(self, text_of: Callable[[int], str], count: int) -> None:
        self._text_of = text_of
        self.query = ""
        self.reset(count)

    def reset(self, count: int) -> None:
        """The cues changed: forget folded texts."""
        self._count = count
        self._folded: list[str | None] = [None] * count
        self._unfolded = count
        self._next_unfolded = 0
        self._joined: str | None = None
        self._starts: list[int] = []

    def set_query(self, query: str) -> None:
        """The text to look for (case-insensitive)."""
        self.query = query

    def _fold(self, row: int) -> str:
        text = self._folded[row] = " ".join(self._text_of(row).split()).casefold()
        self._unfolded -= 1
        return text

    def fold_ahead(self, rows: int) -> bool:
        """Fold up to `rows` cues not folded yet (for idle time); True once all are folded
        and joined."""
        folded, fold = self._folded, self._fold
        start = self._next_unfolded
        end = min(self._count, start + rows)
        for row in range(start, end):
            if folded[row] is None:
                fold(row)
        self._next_unfolded = end
        if end < self._count:
            return False
        self._join()
        return True

    def _texts(self) -> list[str]:
        folded, fold = self._folded, self._fold
        return [fold(row) if text is None else text for row, text in enumerate(folded)]

    def _join(self) -> str:
        """Every folded text, one per line (a query holds no line break, so a match never
        spans two cues), and where each starts."""
        if self._joined is None:
            texts = self._texts()
            self._joined = "\n".join(texts)
            self._starts = [0, *accumulate(len(text) + 1 for text in texts[:-1])]
        return self._joined

    def find(self, start: int, *, forward: bool, include_start: bool) -> int | None:
        """The next (or previous) matching row from `start`, wrapping around."""
        needle = " ".join(self.query.split()).casefold()
        if not needle or not self._count:
            return None
        n = self._count
        first = 0 if include_start else 1
        if self._unfolded == 0:
            return self._find_joined(needle, (start + (first if forward else -first)) % n, forward)
        folded, fold = self._folded, self._fold
        for step in range(first, n + first):
            row = (start + step) % n if forward else (start - step) % n
            text = folded[row]
            if text is None:
                text = fold(row)
            if needle in text:
                return row
        return None

    def _find_joined(self, needle: str, row: int, forward: bool) -> int | None:
        """From `row` (included) onwards or backwards, wrapping, in the joined text."""
        joined, starts = self._join(), self._starts
        if forward:
            at = joined.find(needle, starts[row])
            if at < 0:
                at = joined.find(needle, 0, starts[row])
        else:
            end = starts[row + 1] - 1 if row + 1 < self._count else len(joined)
            at = joined.rfind(needle, 0, end)
            if at < 0:
                at = joined.rfind(needle, end)
        return None if at < 0 else bisect_right(starts, at) - 1

    def count_matches(self, limit: int = MAX_COUNTED) -> int | None:
        """How many cues match, up to `limit` (then `limit`), from the joined text; None while
        cue texts are still being folded (counting would fold them all in one keystroke)."""
        needle = " ".join(self.query.split()).casefold()
        if not needle or not self._count:
            return 0
        if self._unfolded:
            return None
        joined, starts = self._join(), self._starts
        count = at = 0
        while count < limit and (at := joined.find(needle, at)) >= 0:
            count += 1
            row = bisect_right(starts, at)  # the next cue's row: go on from its start
            if row >= self._count:
                break
            at = starts[row]
        return count


def search_summary(query: str, matches: int | None) -> str:
    """The action line's words for a search: how many cues hold `query` (None: some, not yet
    counted; MAX_COUNTED: at least that many)."""
    if matches == 0:
        return f"No match for {query!r}."
    if matches is None:
        return f"Found {query!r}."
    if matches == 1:
        return f"1 cue has {query!r}."
    more = "+" if matches >= MAX_COUNTED else ""
    return f"{matches}{more} cues have {query!r}."
