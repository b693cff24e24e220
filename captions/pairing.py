"""Pairing a second caption track (a translation, say) with the main one, row by row.

Each cue of the second track goes under exactly one main cue: the one showing at its midpoint,
or, in a gap, the main cue nearest to that midpoint. So every second cue is shown (and searched)
once, whatever the two tracks' timings, in O(m log n).
"""

from __future__ import annotations

from captions.track import TimeIndex, Timing


def _distance(ms: int, start: int, end: int) -> int:
    return 0 if start <= ms < end else min(abs(ms - start), abs(ms - end))


def pair_rows(main: Timing, second: Timing, index: TimeIndex | None = None) -> list[list[int]]:
    """For each main cue, the indices of the second track's cues placed under it, in order."""
    rows: list[list[int]] = [[] for _ in range(len(main))]
    if not len(main):
        return rows
    index = index or TimeIndex(main)
    for j, (start, end) in enumerate(zip(second.starts, second.ends, strict=True)):
        mid = (start + max(start, end)) // 2
        row = index.cue_at(mid)
        if row is None:
            before, after = index.previous_start(mid + 1), index.next_start(mid)
            candidates = [i for i in (before, after) if i is not None]
            row = min(
                candidates,
                key=lambda i: (_distance(mid, main.starts[i], main.ends[i]), main.starts[i]),
            )
        rows[row].append(j)
    return rows
