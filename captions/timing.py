"""Pure timing operations over a `Timing` (every cue's start and end, ms).

Each returns a `Retimed`: the new timing, how many cues now start before 0, and how many ends
an edit had to hold at `MIN_DURATION_MS`. Nothing here clamps at 0: times below 0 are kept as
they are, so a later shift back restores them exactly (`Z`×5 then `X`×5 is the identity), and
only writing a file clamps them (`clamp_at_zero`, with a count). The global maps (shift, linear,
piecewise, scale) are monotone, so they never put an end before its start; the per-cue edits
keep every edited cue at least `MIN_DURATION_MS` long. The CLI and the TUI call the same
functions.
"""

from __future__ import annotations

import itertools
import operator
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from captions.track import Timing

#: The shortest a per-cue edit leaves the cue it edits (ms): short on purpose is allowed,
#: empty or inverted never. About 2–3 video frames; an end edit that would go below it holds
#: the end there, a start edit pushes the end along.
MIN_DURATION_MS = 100


@dataclass(frozen=True, slots=True)
class Retimed:
    """Result of a timing operation."""

    timing: Timing
    #: Cues that now start before 0: kept so in memory, written from 0 (`clamp_at_zero`).
    below_zero: int = 0
    #: Cues whose end the edit held at start + `MIN_DURATION_MS` (or pushed along to it).
    limited: int = 0

    @property
    def clamped(self) -> int:
        """Cues that will be clamped at 0 when written (the name older callers use)."""
        return self.below_zero


@dataclass(frozen=True, slots=True)
class Anchor:
    """`source` ms in the captions should play at `target` ms of the media."""

    source: int
    target: int


def _finish(starts: Iterable[int], ends: Iterable[int], limited: int = 0) -> Retimed:
    """Package new times, counting the cues that start before 0 (not clamped). An end before
    its start (only from input no loader accepts) is raised to the start."""
    new_starts = tuple(starts)
    new_ends = tuple(e if e >= s else s for s, e in zip(new_starts, ends, strict=True))
    below = sum(1 for s in new_starts if s < 0)
    return Retimed(Timing(new_starts, new_ends), below, limited)


def clamp_at_zero(timing: Timing) -> Retimed:
    """The times a file can hold: starts and ends below 0 become 0 (`below_zero` counts the
    cues whose start moved). Only writing calls this; edits keep negative times."""
    if not timing.starts or min(timing.starts) >= 0:
        return Retimed(timing)
    starts = tuple(max(0, s) for s in timing.starts)
    ends = tuple(max(0, e) for e in timing.ends)
    return Retimed(Timing(starts, ends), sum(1 for s in timing.starts if s < 0))


def shift(timing: Timing, by_ms: int, *, from_ms: int | None = None) -> Retimed:
    """Move cues by `by_ms`; with `from_ms`, only those starting at or after it."""
    if from_ms is None:
        return _finish((s + by_ms for s in timing.starts), (e + by_ms for e in timing.ends))
    moves = [s >= from_ms for s in timing.starts]
    return _finish(
        (s + by_ms if m else s for s, m in zip(timing.starts, moves, strict=True)),
        (e + by_ms if m else e for e, m in zip(timing.ends, moves, strict=True)),
    )


def _line(a: Anchor, b: Anchor) -> tuple[float, float]:
    """Slope and intercept of the map through two anchors."""
    if a.source == b.source:
        raise ValueError("two anchors need different source times")
    slope = (b.target - a.target) / (b.source - a.source)
    if slope <= 0:
        raise ValueError("anchors must keep their order (the later source maps later)")
    return slope, a.target - slope * a.source


def _mapped(timing: Timing, starts: Iterable[int], ends: Iterable[int]) -> Retimed:
    """New times from a map of the whole track: a cue the map shortens below
    `MIN_DURATION_MS` is held there (or at its old duration, if that was shorter), counted
    in `limited`."""
    new_starts = tuple(starts)
    new_ends = list(ends)
    limited = 0
    for i, (start, end) in enumerate(zip(new_starts, new_ends, strict=True)):
        shortest = start + min(MIN_DURATION_MS, timing.ends[i] - timing.starts[i])
        if end < shortest:
            new_ends[i] = shortest
            limited += 1
    return _finish(new_starts, new_ends, limited)


def linear_map(timing: Timing, a: Anchor, b: Anchor) -> Retimed:
    """Retime by the straight line through two anchors: fixes offset and drift at once."""
    slope, intercept = _line(a, b)
    return _mapped(
        timing,
        (round(slope * s + intercept) for s in timing.starts),
        (round(slope * e + intercept) for e in timing.ends),
    )


def piecewise_map(timing: Timing, anchors: Sequence[Anchor]) -> Retimed:
    """Retime through several anchors: linear between consecutive ones, the outer segments
    extended beyond the first and last anchor."""
    points = sorted(anchors, key=lambda a: a.source)
    if len(points) < 2:
        raise ValueError("need at least two anchors")
    lines = [_line(a, b) for a, b in itertools.pairwise(points)]
    sources = [p.source for p in points[1:-1]]

    def at(ms: int) -> int:
        slope, intercept = lines[bisect_right(sources, ms)]
        return round(slope * ms + intercept)

    return _mapped(timing, (at(s) for s in timing.starts), (at(e) for e in timing.ends))


def scale(timing: Timing, factor: float, *, origin_ms: int = 0) -> Retimed:
    """Stretch times by `factor` around `origin_ms`."""
    if factor <= 0:
        raise ValueError("scale factor must be positive")
    return _finish(
        (round(origin_ms + (s - origin_ms) * factor) for s in timing.starts),
        (round(origin_ms + (e - origin_ms) * factor) for e in timing.ends),
    )


def convert_framerate(timing: Timing, in_fps: float, out_fps: float) -> Retimed:
    """Captions timed for video at `in_fps` played at `out_fps` (as pysubs2's
    `transform_framerate`: every time is multiplied by in_fps / out_fps)."""
    if in_fps <= 0 or out_fps <= 0:
        raise ValueError("frame rates must be positive")
    return scale(timing, in_fps / out_fps)


def _replace(timing: Timing, index: int, start: int, end: int, limited: bool) -> Retimed:
    """`timing` with cue `index` at [start, end) (end >= start): tuples sliced, not rebuilt
    cue by cue, so a per-cue edit of 100,000 cues stays cheap."""
    starts = (*timing.starts[:index], start, *timing.starts[index + 1 :])
    ends = (*timing.ends[:index], end, *timing.ends[index + 1 :])
    if any(map(operator.lt, ends, starts)):  # only from input no loader accepts
        ends = tuple(e if e >= s else s for s, e in zip(starts, ends, strict=True))
    below = sum(1 for s in starts if s < 0) if min(starts) < 0 else 0
    return Retimed(Timing(starts, ends), below, int(limited))


def set_start(timing: Timing, index: int, ms: int, *, keep_duration: bool = False) -> Retimed:
    """Cue `index` starts at `ms`; its end moves too with `keep_duration`, else it stays
    (and is pushed to `ms + MIN_DURATION_MS` if it would come sooner)."""
    old_start, old_end = timing.starts[index], timing.ends[index]
    if keep_duration:
        return _replace(timing, index, ms, ms + (old_end - old_start), False)
    floor = ms + MIN_DURATION_MS
    return _replace(timing, index, ms, max(old_end, floor), old_end < floor)


def set_end(timing: Timing, index: int, ms: int) -> Retimed:
    """Cue `index` ends at `ms`, but not sooner than `MIN_DURATION_MS` after its start."""
    floor = timing.starts[index] + MIN_DURATION_MS
    return _replace(timing, index, timing.starts[index], max(ms, floor), ms < floor)


def nudge(
    timing: Timing, index: int, *, start_by: int = 0, end_by: int = 0, keep_duration: bool = False
) -> Retimed:
    """Move cue `index`'s start and/or end by a step; `keep_duration` moves both by `start_by`.
    The cue stays at least `MIN_DURATION_MS` long: a start pushes the end along, an end stops."""
    start, end = timing.starts[index], timing.ends[index]
    if keep_duration:
        return _replace(timing, index, start + start_by, end + start_by, False)
    new_start, new_end = start + start_by, end + end_by
    floor = new_start + MIN_DURATION_MS
    return _replace(timing, index, new_start, max(new_end, floor), new_end < floor)


def overlapping(timing: Timing) -> list[int]:
    """Indices (ascending) of the cues that overlap another cue: both show at once for some
    time, max(starts) < min(ends) (a zero-length cue shows never, so overlaps nothing). One
    sweep in start order (a sort only when the track is not in order), marking each cue that
    starts before the latest end so far, and the cue holding that end."""
    starts, ends = timing.starts, timing.ends
    n = len(starts)
    in_order = all(a <= b for a, b in itertools.pairwise(starts))
    order: Iterable[int] = range(n) if in_order else sorted(range(n), key=starts.__getitem__)
    marked: set[int] = set()
    latest_end, holder = 0, -1
    for i in order:
        if starts[i] >= ends[i]:
            continue
        if holder >= 0 and starts[i] < latest_end:
            marked.add(i)
            marked.add(holder)
        if holder < 0 or ends[i] > latest_end:
            latest_end, holder = ends[i], i
    return sorted(marked)


def overlaps_of(timing: Timing, index: int, among: Iterable[int] | None = None) -> list[int]:
    """Indices of the cues that cue `index` overlaps (as `overlapping`), looking only at
    `among` when given (e.g. `overlapping(timing)`), else at every cue."""
    start, end = timing.starts[index], timing.ends[index]
    starts, ends = timing.starts, timing.ends
    candidates = range(len(starts)) if among is None else sorted(among)
    return [i for i in candidates if i != index and max(starts[i], start) < min(ends[i], end)]
