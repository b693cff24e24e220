"""Resync through anchors ("cue N is heard now"): the fitted map and a preview of its moves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from captions.edits import TimingEdit
from captions.errors import EditError
from captions.timecode import format_time
from captions.timing import Anchor, linear_map, piecewise_map
from captions.track import Timing

#: The largest speed change a resync is expected to make (and its inverse, the smallest).
PLAUSIBLE_SPEED = 1.25

#: Default reaction-time compensation for "starts now" and resync marks (ms).
DEFAULT_REACTION_MS = 250


@dataclass(frozen=True, slots=True)
class ResyncPreview:
    """What a resync would do, shown before it is applied: moves of cue starts (ms, signed)."""

    edit: TimingEdit
    first_ms: int
    last_ms: int
    largest_ms: int
    largest_index: int
    clamped: int
    #: Cues the map would shorten below the minimum duration, held there.
    limited: int = 0
    #: The slowest and fastest speed of the map (1.0: none; 0.5: played twice as fast).
    speeds: tuple[float, float] = (1.0, 1.0)

    @property
    def implausible(self) -> bool:
        """A speed no recording has against its captions (a frame-rate change is 4 %): the
        anchors are likely on the wrong cues."""
        slowest, fastest = self.speeds
        return slowest < 1 / PLAUSIBLE_SPEED or fastest > PLAUSIBLE_SPEED


def anchor_now(
    timing: Timing, index: int, playhead_ms: int, reaction_ms: int = DEFAULT_REACTION_MS
) -> Anchor:
    """ "Cue `index` is heard now": its current start should play at the playhead minus the
    reaction time."""
    return Anchor(timing.starts[index], max(0, playhead_ms - reaction_ms))


def resync_preview(timing: Timing, anchors: Sequence[Anchor]) -> ResyncPreview:
    """Fit the map through the anchors (a line for two, piecewise between consecutive anchors
    for more; a later mark of the same cue replaces the earlier) and preview its moves."""
    by_source = {a.source: a for a in anchors}
    points = sorted(by_source.values(), key=lambda a: a.source)
    if len(points) < 2:
        raise EditError("mark at least two different cues to resync")
    try:
        result = (
            linear_map(timing, points[0], points[1])
            if len(points) == 2
            else piecewise_map(timing, points)
        )
    except ValueError as exc:
        raise EditError(f"cannot resync: {exc}") from None
    moves = [a - b for a, b in zip(result.timing.starts, timing.starts, strict=True)]
    if not moves:
        raise EditError("the track has no cues")
    first = min(range(len(moves)), key=timing.starts.__getitem__)
    last = max(range(len(moves)), key=timing.starts.__getitem__)
    largest = max(range(len(moves)), key=lambda i: abs(moves[i]))
    label = "Resync " + ", ".join(
        f"{format_time(a.source)}→{format_time(a.target)}" for a in points
    )
    edit = TimingEdit(label, timing, result.timing, clamped=result.clamped, limited=result.limited)
    slopes = [(b.target - a.target) / (b.source - a.source) for a, b in pairwise(points)]
    return ResyncPreview(
        edit,
        moves[first],
        moves[last],
        moves[largest],
        largest,
        result.clamped,
        limited=result.limited,
        speeds=(min(slopes), max(slopes)),
    )
