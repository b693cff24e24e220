"""Keep the event list in time order after a timing edit, and say what the edit overlaps.

A timing edit that moves a cue past its neighbour's start (`i` past the next cue, a shift from
a cue by minus more than the gap before it) would leave the list out of order. Then the edit
becomes an event-list edit: the moved cues are copies with their new times (events are never
mutated in place, see `captions.edits`), placed where their start belongs, and the caller gets
the edited cue's new index. A list that was not in start order when loaded (ASS files sorted by
layer) is left in its own order: only a list that was in order is kept so.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pysubs2

from captions.track import Timing


def in_start_order(starts: tuple[int, ...] | list[int]) -> bool:
    """True when no cue starts before the one preceding it."""
    return all(a <= b for a, b in pairwise(starts))


def breaks_order(before: Timing, after: Timing, index: int) -> bool:
    """True when cue `index` (the only one moved) was in order with its neighbours before the
    edit and is not after it."""
    b, a, n = before.starts, after.starts, len(after)
    was = (index == 0 or b[index - 1] <= b[index]) and (index + 1 >= n or b[index] <= b[index + 1])
    now = (index == 0 or a[index - 1] <= a[index]) and (index + 1 >= n or a[index] <= a[index + 1])
    return was and not now


def retimed(events: list[pysubs2.SSAEvent], after: Timing) -> list[pysubs2.SSAEvent]:
    """The events with `after`'s times: copies of the cues whose times change, the rest shared."""
    return [
        e if (e.start, e.end) == (s, t) else replace(e, start=s, end=t)
        for e, s, t in zip(events, after.starts, after.ends, strict=True)
    ]


def move_into_place(
    events: list[pysubs2.SSAEvent], after: Timing, index: int
) -> tuple[list[pysubs2.SSAEvent], int]:
    """The list with cue `index` retimed to `after` and moved past the neighbours it now starts
    before or after (its place by start, in a list that is otherwise in order); returns the
    list and the cue's new index."""
    moved = replace(events[index], start=after.starts[index], end=after.ends[index])
    rest = [*events[:index], *events[index + 1 :]]
    pos = index
    while pos > 0 and rest[pos - 1].start > moved.start:
        pos -= 1
    if pos == index:
        while pos < len(rest) and rest[pos].start <= moved.start:
            pos += 1
    return [*rest[:pos], moved, *rest[pos:]], pos


def sort_retimed(
    events: list[pysubs2.SSAEvent], after: Timing, focus: int | None
) -> tuple[list[pysubs2.SSAEvent], int | None]:
    """All events retimed to `after` and stably sorted by start; returns the list and where
    cue `focus` went."""
    order = sorted(range(len(events)), key=after.starts.__getitem__)
    new = retimed(events, after)
    where = order.index(focus) if focus is not None else None
    return [new[i] for i in order], where


def timing_of(events: list[pysubs2.SSAEvent]) -> Timing:
    """Start and end of every event."""
    return Timing(tuple(e.start for e in events), tuple(e.end for e in events))
