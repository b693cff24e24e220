"""Keep the event list in time order after a timing edit, and where the edited cue goes.

A per-cue timing edit that moves a cue past its neighbour's start (`i` past the next cue's
start, a nudge past the previous one) would leave the list out of order. Then the edit also
reorders the list (`TimingEdit.order`, the events themselves kept), and the caller gets the
edited cue's new row. A cue out of order with its neighbours before the edit (ASS files sorted
by layer) is left where it is. Saving writes a moved cue's block as loaded at its new place
(`SourceMap.render`).
"""

from __future__ import annotations

from captions.track import Timing


def breaks_order(before: Timing, after: Timing, index: int) -> bool:
    """True when cue `index` (the only one moved) was in order with its neighbours before the
    edit and is not after it."""
    b, a, n = before.starts, after.starts, len(after)
    was = (index == 0 or b[index - 1] <= b[index]) and (index + 1 >= n or b[index] <= b[index + 1])
    now = (index == 0 or a[index - 1] <= a[index]) and (index + 1 >= n or a[index] <= a[index + 1])
    return was and not now


def moved_order(after: Timing, index: int) -> tuple[tuple[int, ...], int]:
    """The order with cue `index` moved past the neighbours it now starts before or after (its
    place by start, in a list otherwise in order), and its new row."""
    starts = after.starts
    rest = [i for i in range(len(starts)) if i != index]
    pos = index
    while pos > 0 and starts[rest[pos - 1]] > starts[index]:
        pos -= 1
    if pos == index:
        while pos < len(rest) and starts[rest[pos]] <= starts[index]:
            pos += 1
    return (*rest[:pos], index, *rest[pos:]), pos


def permuted(timing: Timing, order: tuple[int, ...]) -> Timing:
    """`timing` in the new order."""
    return Timing(tuple(timing.starts[i] for i in order), tuple(timing.ends[i] for i in order))
