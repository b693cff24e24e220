"""Pairing a second caption track (a translation, say) with the main one, row by row.

Each cue of the second track goes under exactly one main cue: the one showing at its midpoint,
or, in a gap, the main cue nearest to that midpoint. So every second cue is shown (and searched)
once, whatever the two tracks' timings, in O(m log n).
"""

from __future__ import annotations

from captions.track import TimeIndex, Timing, Track


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


class SecondTrack:
    """A second caption track shown with the main one (read-only: edits change the main track
    only): its cue at a time, on its own timing, and the text placed under each main cue."""

    def __init__(self, track: Track) -> None:
        self.track = track
        self._paired_with: TimeIndex | None = None
        self._rows: list[list[int]] = []

    def text_at(self, ms: int) -> str | None:
        """The plain text of the second track's cue showing at `ms`, or None."""
        index = self.track.cue_at(ms)
        return None if index is None else str(self.track.events[index].plaintext)

    def next_change(self, ms: int) -> int | None:
        """When the second track's showing cue may next change, after `ms`."""
        return self.track.next_boundary(ms)

    def under(self, main: Track, row: int) -> str:
        """The text of the second cues placed under main cue `row` (paired again after the
        main track's timing changed), "" for none."""
        index = main.index
        if index is not self._paired_with:
            self._rows = pair_rows(main.timing, self.track.timing, index)
            self._paired_with = index
        if not 0 <= row < len(self._rows):
            return ""
        events = self.track.events
        return " ".join(" ".join(str(events[j].plaintext).split()) for j in self._rows[row])
