"""Pure timing operations over a `Timing` (every cue's start and end, ms).

Each returns a `Retimed`: the new timing and how many starts were clamped at 0. No operation
produces an end before its start. The CLI and the TUI call the same functions.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from captions.track import Timing


@dataclass(frozen=True, slots=True)
class Retimed:
    """Result of a timing operation."""

    timing: Timing
    clamped: int = 0


@dataclass(frozen=True, slots=True)
class Anchor:
    """`source` ms in the captions should play at `target` ms of the media."""

    source: int
    target: int


def _finish(starts: Iterable[int], ends: Iterable[int]) -> Retimed:
    """Clamp negative times to 0 and keep every end at or after its start."""
    new_starts: list[int] = []
    new_ends: list[int] = []
    clamped = 0
    for start, end in zip(starts, ends, strict=True):
        if start < 0:
            clamped += 1
            start = 0
        new_starts.append(start)
        new_ends.append(end if end >= start else start)
    return Retimed(Timing(tuple(new_starts), tuple(new_ends)), clamped)


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


def linear_map(timing: Timing, a: Anchor, b: Anchor) -> Retimed:
    """Retime by the straight line through two anchors: fixes offset and drift at once."""
    slope, intercept = _line(a, b)
    return _finish(
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

    return _finish((at(s) for s in timing.starts), (at(e) for e in timing.ends))


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


def _replace(timing: Timing, index: int, start: int, end: int) -> Retimed:
    starts = list(timing.starts)
    ends = list(timing.ends)
    starts[index], ends[index] = start, end
    return _finish(starts, ends)


def set_start(timing: Timing, index: int, ms: int, *, keep_duration: bool = False) -> Retimed:
    """Cue `index` starts at `ms`; its end moves too with `keep_duration`, else it stays
    (and is pushed to the start if it would come before it)."""
    old_start, old_end = timing.starts[index], timing.ends[index]
    end = ms + (old_end - old_start) if keep_duration else max(old_end, ms)
    return _replace(timing, index, ms, end)


def set_end(timing: Timing, index: int, ms: int) -> Retimed:
    """Cue `index` ends at `ms` (not before its start)."""
    return _replace(timing, index, timing.starts[index], max(ms, timing.starts[index]))


def nudge(
    timing: Timing, index: int, *, start_by: int = 0, end_by: int = 0, keep_duration: bool = False
) -> Retimed:
    """Move cue `index`'s start and/or end by a step; `keep_duration` moves both by `start_by`."""
    start, end = timing.starts[index], timing.ends[index]
    if keep_duration:
        return _replace(timing, index, start + start_by, end + start_by)
    new_start = start + start_by
    return _replace(timing, index, new_start, max(new_start, end + end_by))
