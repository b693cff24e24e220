"""A caption track: pysubs2's events as loaded, plus an index for time lookups."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pysubs2

if TYPE_CHECKING:
    from captions.formats.source import SourceMap


class WordTime(NamedTuple):
    """One word of a cue as spoken: its text as written in the cue, and when it is said (ms)."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Timing:
    """Start and end times (ms) of every cue, in track order: what timing operations transform."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.starts)


class TimeIndex:
    """O(log n) answers to "which cue is playing at t?" and "when does that next change?".

    Cues may overlap and need not be sorted: the index keeps a start-sorted permutation, every
    boundary (start or end) sorted, and the cue showing from each boundary to the next (found
    once by a sweep, so a cue spanning the whole track costs nothing per lookup).
    """

    __slots__ = ("_boundaries", "_ends", "_order", "_showing", "_simple", "_starts", "_timing")

    def __init__(self, timing: Timing) -> None:
        self._timing = timing
        starts, ends = timing.starts, timing.ends
        in_order = all(a <= b for a, b in pairwise(starts))
        # The common case, cues in order and none overlapping the next: the cue at t is the
        # last one started, and no sweep is needed (an edit of 100,000 cues re-indexes in ms).
        self._simple = (
            in_order
            and all(e <= s for e, s in zip(ends, starts[1:], strict=False))
            and all(s <= e for s, e in zip(starts, ends, strict=True))
        )
        self._ends = ends
        if in_order:
            self._order: list[int] | range = range(len(starts))
            self._starts: list[int] | tuple[int, ...] = starts
        else:
            self._order = sorted(range(len(starts)), key=starts.__getitem__)
            self._starts = [starts[i] for i in self._order]
        if self._simple:
            self._boundaries: list[int] = []
            self._showing: list[int] = []
        else:
            # Two sorted runs: timsort merges them in linear time; duplicates are harmless.
            self._boundaries = sorted(starts + ends)
            self._showing = self._sweep()

    def _sweep(self) -> list[int]:
        """For each boundary, the cue showing from it until the next boundary (-1 for none):
        the latest-starting one among those started and not yet ended. Cues are pushed in start
        order, so the top of the stack is the latest started; ended ones are dropped when they
        reach the top."""
        order, starts, ends = self._order, self._starts, self._timing.ends
        showing: list[int] = []
        stack: list[int] = []
        pos, count = 0, len(order)
        for time in self._boundaries:
            while pos < count and starts[pos] <= time:
                stack.append(order[pos])
                pos += 1
            while stack and ends[stack[-1]] <= time:
                stack.pop()
            showing.append(stack[-1] if stack else -1)
        return showing

    def cue_at(self, ms: int) -> int | None:
        """Index of the cue showing at `ms` (the latest-starting one if several overlap)."""
        if self._simple:
            last = bisect_right(self._starts, ms) - 1
            return last if last >= 0 and self._ends[last] > ms else None
        pos = bisect_right(self._boundaries, ms) - 1
        if pos < 0:
            return None
        index = self._showing[pos]
        return index if index >= 0 else None

    def next_boundary(self, ms: int) -> int | None:
        """The first time after `ms` at which some cue starts or ends, or None at the end."""
        if self._simple:
            starts, ends = self._starts, self._ends
            i, j = bisect_right(starts, ms), bisect_right(ends, ms)
            ahead = [t[k] for t, k in ((starts, i), (ends, j)) if k < len(t)]
            return min(ahead) if ahead else None
        pos = bisect_right(self._boundaries, ms)
        return self._boundaries[pos] if pos < len(self._boundaries) else None

    def next_start(self, ms: int) -> int | None:
        """Index of the first cue (by start) starting strictly after `ms`."""
        pos = bisect_right(self._starts, ms)
        return self._order[pos] if pos < len(self._order) else None

    def previous_start(self, ms: int) -> int | None:
        """Index of the last cue (by start) starting strictly before `ms`."""
        pos = bisect_left(self._starts, ms) - 1
        return self._order[pos] if pos >= 0 else None


@dataclass(eq=False)
class Track:
    """A loaded caption file: pysubs2's `SSAFile` (kept whole for saving) and what we learnt.

    `subs.events` are the cues in file order; times are integer milliseconds. `word_times`
    maps an event's index to its words as spoken (from forced alignment), when known.
    """

    subs: pysubs2.SSAFile
    format: str
    encoding: str = "utf-8"
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    #: The file's text and where each cue lies in it (formats read losslessly), for saving.
    source: SourceMap | None = None
    #: Word times from forced alignment, by event index.
    word_times: dict[int, tuple[WordTime, ...]] = field(default_factory=dict)
    _index: TimeIndex | None = field(default=None, init=False, repr=False)

    @property
    def events(self) -> list[pysubs2.SSAEvent]:
        """The cues in file order."""
        return self.subs.events

    def __len__(self) -> int:
        return len(self.subs.events)

    @property
    def timing(self) -> Timing:
        """The current start and end of every cue."""
        events = self.subs.events
        return Timing(tuple(e.start for e in events), tuple(e.end for e in events))

    def apply_timing(self, timing: Timing) -> None:
        """Set every cue's start and end from `timing` (same length as the track)."""
        events = self.subs.events
        if len(timing) != len(events):
            raise ValueError("timing does not match the track's cue count")
        for event, start, end in zip(events, timing.starts, timing.ends, strict=True):
            event.start = start
            event.end = end
        self._index = None

    def changed(self) -> None:
        """Tell the track its events were edited, so the index is rebuilt on next use."""
        self._index = None

    @property
    def index(self) -> TimeIndex:
        """The lookup index, rebuilt lazily after an edit."""
        if self._index is None:
            self._index = TimeIndex(self.timing)
        return self._index

    def cue_at(self, ms: int) -> int | None:
        """Index of the cue showing at `ms`, or None between cues."""
        return self.index.cue_at(ms)

    def next_boundary(self, ms: int) -> int | None:
        """The next time after `ms` at which the showing cue may change."""
        return self.index.next_boundary(ms)

    @property
    def duration_ms(self) -> int:
        """Last end time, or 0 for an empty track."""
        return max((e.end for e in self.subs.events), default=0)
