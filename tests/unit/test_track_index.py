"""TimeIndex and Track lookups agree with brute-force O(n) references on random tracks
(overlaps, gaps, unsorted order, zero-length and reversed cues)."""

from __future__ import annotations

import pysubs2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions.track import TimeIndex, Timing, Track

PROPERTY = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def ref_cue_at(t: Timing, ms: int) -> int | None:
    """The latest-starting cue with start <= ms < end; equal starts: the later in file order."""
    showing = [i for i in range(len(t)) if t.starts[i] <= ms < t.ends[i]]
    return max(showing, key=lambda i: (t.starts[i], i), default=None)


def ref_next_boundary(t: Timing, ms: int) -> int | None:
    return min((b for b in (*t.starts, *t.ends) if b > ms), default=None)


def ref_next_start(t: Timing, ms: int) -> int | None:
    later = [i for i in range(len(t)) if t.starts[i] > ms]
    return min(later, key=lambda i: (t.starts[i], i), default=None)


def ref_previous_start(t: Timing, ms: int) -> int | None:
    earlier = [i for i in range(len(t)) if t.starts[i] < ms]
    return max(earlier, key=lambda i: (t.starts[i], i), default=None)


@st.composite
def tracks(draw: st.DrawFn, size: int | None = None) -> Timing:
    """Small time range so cues collide: overlaps, shared boundaries, zero length, unsorted;
    sometimes a reversed cue (end < start) as a corrupt file might hold."""
    cues = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=60),
                st.one_of(
                    st.integers(min_value=0, max_value=30),
                    st.just(0),
                    st.integers(min_value=-5, max_value=-1),
                    st.integers(min_value=0, max_value=200),  # a cue spanning much of the track
                ),
            ),
            min_size=0 if size is None else size,
            max_size=30 if size is None else size,
        )
    )
    return Timing(tuple(s for s, _ in cues), tuple(s + d for s, d in cues))


def queries(t: Timing) -> list[int]:
    """Every boundary, its neighbours, and points before and after everything."""
    points = {-1, 0, 1000}
    for b in (*t.starts, *t.ends):
        points.update((b - 1, b, b + 1))
    return sorted(points)


def assert_agrees_with_brute_force(t: Timing) -> None:
    index = TimeIndex(t)
    for ms in queries(t):
        assert index.cue_at(ms) == ref_cue_at(t, ms), ms
        assert index.next_boundary(ms) == ref_next_boundary(t, ms), ms
        assert index.next_start(ms) == ref_next_start(t, ms), ms
        assert index.previous_start(ms) == ref_previous_start(t, ms), ms


@PROPERTY
@given(tracks())
def test_index_agrees_with_brute_force(t: Timing) -> None:
    assert_agrees_with_brute_force(t)


@PROPERTY
@given(tracks(), st.data())
def test_track_lookups_follow_edits(t: Timing, data: st.DataObject) -> None:
    subs = pysubs2.SSAFile()
    subs.events = [
        pysubs2.SSAEvent(start=s, end=e, text=str(i))
        for i, (s, e) in enumerate(zip(t.starts, t.ends, strict=True))
    ]
    track = Track(subs, "srt")
    for ms in queries(t):
        assert track.cue_at(ms) == ref_cue_at(t, ms)
        assert track.next_boundary(ms) == ref_next_boundary(t, ms)
    # Edit the events in place, tell the track, and the lookups follow.
    edited = data.draw(tracks(len(t)))
    track.apply_timing(edited)
    for ms in queries(edited):
        assert track.cue_at(ms) == ref_cue_at(edited, ms)
        assert track.next_boundary(ms) == ref_next_boundary(edited, ms)
    if len(track):
        track.events[0].start, track.events[0].end = 500, 600
        track.changed()
        assert track.cue_at(550) == 0
        assert track.next_boundary(550) == 600


def test_examples_by_hand() -> None:
    # 0: [0, 100)   1: [50, 80)   2: [80, 80) zero length   3: [200, 300)   4: [0, 1000) whole
    t = Timing((0, 50, 80, 200, 0), (100, 80, 80, 300, 1000))
    index = TimeIndex(t)
    assert index.cue_at(-1) is None
    assert index.cue_at(0) == 4  # same start as cue 0: the later in file order
    assert index.cue_at(50) == 1
    assert index.cue_at(80) == 4  # 1 ended, 2 is zero-length
    assert index.cue_at(150) == 4
    assert index.cue_at(250) == 3
    assert index.cue_at(1000) is None
    assert index.next_boundary(50) == 80
    assert index.next_boundary(100) == 200
    assert index.next_boundary(1000) is None


@st.composite
def ordered_tracks(draw: st.DrawFn) -> Timing:
    """Cues in order, none overlapping the next (gaps, touching and zero-length cues): the
    index's fast path."""
    steps = draw(
        st.lists(st.tuples(st.integers(min_value=0, max_value=20), st.integers(0, 20)), max_size=30)
    )
    starts, ends, t = [], [], 0
    for gap, length in steps:
        t += gap
        starts.append(t)
        t += length
        ends.append(t)
    return Timing(tuple(starts), tuple(ends))


@PROPERTY
@given(ordered_tracks())
def test_fast_path_for_ordered_tracks_agrees_with_brute_force(t: Timing) -> None:
    assert_agrees_with_brute_force(t)
