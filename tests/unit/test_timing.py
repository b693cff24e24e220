"""Timing operations: hand-computed examples and hypothesis properties (inverses, anchors,
agreement with pysubs2, times below 0 kept, and never an end before a start)."""

from __future__ import annotations

import pysubs2
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from captions.timing import (
    MIN_DURATION_MS,
    Anchor,
    Retimed,
    convert_framerate,
    linear_map,
    nudge,
    piecewise_map,
    scale,
    set_end,
    set_start,
    shift,
)
from captions.track import Timing

#: Hypothesis settings for these tests (no deadline: the machine is shared).
PROPERTY = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])

TIMES = st.integers(min_value=0, max_value=10_000_000)
DELTAS = st.integers(min_value=-5_000_000, max_value=5_000_000)


@st.composite
def valid_timings(draw: st.DrawFn, min_size: int = 0) -> Timing:
    """Cues as files have them: starts >= 0, ends >= starts, any order, overlaps, zero length."""
    cues = draw(
        st.lists(
            st.tuples(TIMES, st.integers(min_value=0, max_value=200_000)),
            min_size=min_size,
            max_size=40,
        )
    )
    return Timing(tuple(s for s, _ in cues), tuple(s + d for s, d in cues))


@st.composite
def adversarial_timings(draw: st.DrawFn, min_size: int = 0) -> Timing:
    """Anything: negative times, ends before starts, huge values."""
    big = st.integers(min_value=-(10**9), max_value=10**9)
    cues = draw(st.lists(st.tuples(big, big), min_size=min_size, max_size=40))
    return Timing(tuple(s for s, _ in cues), tuple(e for _, e in cues))


def assert_sane(result: Retimed) -> None:
    assert len(result.timing.starts) == len(result.timing.ends)
    for start, end in zip(result.timing.starts, result.timing.ends, strict=True):
        assert start <= end
    assert result.below_zero == sum(s < 0 for s in result.timing.starts)


def timing(*cues: tuple[int, int]) -> Timing:
    return Timing(tuple(s for s, _ in cues), tuple(e for _, e in cues))


# --- examples computed by hand ---------------------------------------------------------------


def test_shift_example_keeps_the_first_cue_below_zero() -> None:
    result = shift(timing((0, 500), (1000, 2000), (5000, 6000)), -700)
    assert result.timing == timing((-700, -200), (300, 1300), (4300, 5300))
    assert result.below_zero == result.clamped == 1


def test_shift_from_example_moves_only_later_cues() -> None:
    result = shift(timing((0, 500), (1000, 2000), (5000, 6000)), 250, from_ms=1000)
    assert result.timing == timing((0, 500), (1250, 2250), (5250, 6250))
    assert result.clamped == 0


def test_linear_map_example() -> None:
    # A: 1000 -> 2000, B: 11000 -> 22000: slope 2, intercept 0.
    result = linear_map(
        timing((5000, 6000), (1000, 11000)), Anchor(1000, 2000), Anchor(11000, 22000)
    )
    assert result.timing == timing((10000, 12000), (2000, 22000))


def test_piecewise_map_example() -> None:
    anchors = [Anchor(20000, 30000), Anchor(0, 0), Anchor(10000, 10000)]  # any order
    result = piecewise_map(timing((5000, 15000), (25000, 25000)), anchors)
    # 0..10 s identity; 10..20 s slope 2; beyond 20 s the last segment extended (slope 2).
    assert result.timing == timing((5000, 20000), (40000, 40000))


def test_convert_framerate_example() -> None:
    # 1000 * 25 / 23.976 = 1042.7...
    result = convert_framerate(timing((1000, 2000)), 25, 23.976)
    assert result.timing == timing((1043, 2085))


def test_scale_example_with_origin() -> None:
    result = scale(timing((1000, 3000)), 1.5, origin_ms=2000)
    assert result.timing == timing((500, 3500))


def test_set_start_and_end_examples() -> None:
    base = timing((0, 500), (1000, 2000))
    assert set_start(base, 1, 1500).timing == timing((0, 500), (1500, 2000))
    assert set_start(base, 1, 2500).timing == timing((0, 500), (2500, 2500 + MIN_DURATION_MS))
    assert set_start(base, 1, 2500).limited == 1 and set_start(base, 1, 1500).limited == 0
    assert set_start(base, 1, 2500, keep_duration=True).timing == timing((0, 500), (2500, 3500))
    assert set_start(base, 1, -300).clamped == 1
    assert set_end(base, 1, 1800).timing == timing((0, 500), (1000, 1800))
    assert set_end(base, 1, 400).timing == timing((0, 500), (1000, 1000 + MIN_DURATION_MS))
    assert set_end(base, 1, 400).limited == 1


def test_nudge_examples() -> None:
    base = timing(
        (1000, 2000),
    )
    assert nudge(base, 0, start_by=-100).timing == timing((900, 2000))
    assert nudge(base, 0, end_by=250).timing == timing((1000, 2250))
    assert nudge(base, 0, start_by=300, keep_duration=True).timing == timing((1300, 2300))
    assert nudge(base, 0, start_by=1500).timing == timing((2500, 2500 + MIN_DURATION_MS))
    assert nudge(base, 0, end_by=-1500).timing == timing((1000, 1000 + MIN_DURATION_MS))
    assert nudge(base, 0, end_by=-1500).limited == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [(Anchor(1000, 0), Anchor(1000, 5000)), (Anchor(0, 5000), Anchor(1000, 4000))],
)
def test_linear_map_rejects_bad_anchors(a: Anchor, b: Anchor) -> None:
    with pytest.raises(ValueError):
        linear_map(timing((0, 1)), a, b)


def test_bad_factors_rejected() -> None:
    with pytest.raises(ValueError):
        scale(timing((0, 1)), 0)
    with pytest.raises(ValueError):
        convert_framerate(timing((0, 1)), 25, -1)
    with pytest.raises(ValueError):
        piecewise_map(timing((0, 1)), [Anchor(0, 0)])


# --- properties ------------------------------------------------------------------------------


@PROPERTY
@given(valid_timings(), DELTAS)
def test_shift_then_unshift_is_identity_when_nothing_clamped(t: Timing, by: int) -> None:
    there = shift(t, by)
    assume(there.clamped == 0)
    back = shift(there.timing, -by)
    assert back.clamped == 0
    assert back.timing == t


@PROPERTY
@given(valid_timings(), DELTAS, TIMES)
def test_shift_from_then_unshift_is_identity_when_nothing_clamped(
    t: Timing, by: int, from_ms: int
) -> None:
    there = shift(t, by, from_ms=from_ms)
    assume(there.clamped == 0)
    # The moved cues are those now starting at or after from_ms + by, if no unmoved cue is there.
    moved = [s >= from_ms for s in t.starts]
    assume(all(m or s < from_ms + by for s, m in zip(t.starts, moved, strict=True)))
    back = shift(there.timing, -by, from_ms=from_ms + by)
    assert back.timing == t


@PROPERTY
@given(valid_timings(), DELTAS)
def test_shift_keeps_times_below_zero_and_counts_them(t: Timing, by: int) -> None:
    result = shift(t, by)
    assert_sane(result)
    assert result.clamped == sum(s + by < 0 for s in t.starts)
    assert result.timing.starts == tuple(s + by for s in t.starts)
    assert result.timing.ends == tuple(e + by for e in t.ends)


@PROPERTY
@given(valid_timings(), DELTAS, TIMES)
def test_shift_from_moves_only_cues_starting_at_or_after(t: Timing, by: int, from_ms: int) -> None:
    result = shift(t, by, from_ms=from_ms)
    assert_sane(result)
    for s, e, new_s, new_e in zip(
        t.starts, t.ends, result.timing.starts, result.timing.ends, strict=True
    ):
        if s < from_ms:
            assert (new_s, new_e) == (s, e)
        else:
            assert (new_s, new_e) == (s + by, e + by)


@st.composite
def anchor_pairs(draw: st.DrawFn) -> tuple[Anchor, Anchor]:
    a_src, b_src = sorted(draw(st.lists(TIMES, min_size=2, max_size=2, unique=True)))
    a_dst = draw(TIMES)
    b_dst = draw(st.integers(min_value=a_dst + 1, max_value=a_dst + 20_000_000))
    return Anchor(a_src, a_dst), Anchor(b_src, b_dst)


@PROPERTY
@given(valid_timings(), anchor_pairs())
def test_linear_map_maps_both_anchors_exactly(t: Timing, anchors: tuple[Anchor, Anchor]) -> None:
    a, b = anchors
    # Cues starting and ending on the anchors' source times land on their targets.
    t = Timing((*t.starts, a.source, b.source), (*t.ends, b.source, b.source))
    result = linear_map(t, a, b)
    assert_sane(result)
    assert result.timing.starts[-2] == a.target
    # ... unless the map squeezes that cue below the minimum length, where it is held.
    held = a.target + min(MIN_DURATION_MS, b.source - a.source)
    assert result.timing.ends[-2] == max(b.target, held)
    assert result.timing.starts[-1] == b.target
    # Order is kept: the map is increasing.
    order = sorted(range(len(t)), key=t.starts.__getitem__)
    new = [result.timing.starts[i] for i in order]
    assert new == sorted(new)


@st.composite
def anchor_lists(draw: st.DrawFn) -> list[Anchor]:
    sources = sorted(draw(st.lists(TIMES, min_size=2, max_size=8, unique=True)))
    targets = sorted(
        draw(
            st.lists(
                st.integers(min_value=0, max_value=30_000_000),
                min_size=len(sources),
                max_size=len(sources),
                unique=True,
            )
        )
    )
    anchors = [Anchor(s, d) for s, d in zip(sources, targets, strict=True)]
    return draw(st.permutations(anchors))


@PROPERTY
@given(valid_timings(), anchor_lists())
def test_piecewise_map_passes_through_every_anchor(t: Timing, anchors: list[Anchor]) -> None:
    sources = tuple(a.source for a in anchors)
    t = Timing((*t.starts, *sources), (*t.ends, *sources))
    result = piecewise_map(t, anchors)
    assert_sane(result)
    n = len(anchors)
    assert result.timing.starts[-n:] == tuple(a.target for a in anchors)
    assert result.timing.ends[-n:] == tuple(a.target for a in anchors)


def _pysubs2_framerate(t: Timing, in_fps: float, out_fps: float) -> Timing:
    subs = pysubs2.SSAFile()
    subs.events = [pysubs2.SSAEvent(start=s, end=e) for s, e in zip(t.starts, t.ends, strict=True)]
    subs.transform_framerate(in_fps, out_fps)
    return Timing(tuple(e.start for e in subs.events), tuple(e.end for e in subs.events))


FPS = st.sampled_from([23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0]) | st.floats(
    min_value=1.0, max_value=240.0
)


@PROPERTY
@given(valid_timings(), FPS, FPS)
def test_convert_framerate_agrees_with_pysubs2(t: Timing, in_fps: float, out_fps: float) -> None:
    ours = convert_framerate(t, in_fps, out_fps)
    theirs = _pysubs2_framerate(t, in_fps, out_fps)
    assert_sane(ours)
    for mine, ref in zip(
        ours.timing.starts + ours.timing.ends, theirs.starts + theirs.ends, strict=True
    ):
        assert abs(mine - ref) <= 1


@PROPERTY
@given(valid_timings(), st.floats(min_value=0.01, max_value=100.0))
def test_scale_agrees_with_pysubs2(t: Timing, factor: float) -> None:
    ours = scale(t, factor)
    theirs = _pysubs2_framerate(t, factor, 1.0)
    for mine, ref in zip(
        ours.timing.starts + ours.timing.ends, theirs.starts + theirs.ends, strict=True
    ):
        assert abs(mine - ref) <= 1


@PROPERTY
@given(valid_timings(min_size=1), st.data())
def test_set_start_set_end_nudge_touch_only_their_cue(t: Timing, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(t) - 1))
    ms = data.draw(st.integers(min_value=-100_000, max_value=20_000_000))
    step = data.draw(st.integers(min_value=-100_000, max_value=100_000))
    keep = data.draw(st.booleans())
    start, end = t.starts[index], t.ends[index]
    results = {
        "set_start": set_start(t, index, ms, keep_duration=keep),
        "set_end": set_end(t, index, ms),
        "nudge": nudge(t, index, start_by=step, end_by=-step, keep_duration=keep),
    }
    for name, result in results.items():
        assert_sane(result)
        others = [i for i in range(len(t)) if i != index]
        for i in others:
            assert (result.timing.starts[i], result.timing.ends[i]) == (t.starts[i], t.ends[i])
        new_start, new_end = result.timing.starts[index], result.timing.ends[index]
        floor = new_start + MIN_DURATION_MS
        if name == "set_start":
            assert new_start == ms
            if keep:
                assert new_end - new_start == end - start
            else:
                assert new_end == max(end, floor)
                assert result.limited == (end < floor)
        elif name == "set_end":
            assert (new_start, new_end) == (start, max(ms, floor))
            assert result.limited == (ms < floor)
        elif keep:
            assert (new_start, new_end) == (start + step, end + step)
        else:
            assert new_start == start + step
            assert new_end == max(floor, end - step)
            assert result.limited == (end - step < floor)


@PROPERTY
@given(adversarial_timings(min_size=1), st.data())
def test_no_operation_ever_yields_end_before_start(t: Timing, data: st.DataObject) -> None:
    big = st.integers(min_value=-(10**9), max_value=10**9)
    index = data.draw(st.integers(min_value=0, max_value=len(t) - 1))
    a, b = data.draw(anchor_pairs())
    results = [
        shift(t, data.draw(big)),
        shift(t, data.draw(big), from_ms=data.draw(big)),
        linear_map(t, a, b),
        piecewise_map(t, data.draw(anchor_lists())),
        scale(t, data.draw(st.floats(min_value=0.001, max_value=1000.0))),
        convert_framerate(t, data.draw(FPS), data.draw(FPS)),
        set_start(t, index, data.draw(big), keep_duration=data.draw(st.booleans())),
        set_end(t, index, data.draw(big)),
        nudge(
            t,
            index,
            start_by=data.draw(big),
            end_by=data.draw(big),
            keep_duration=data.draw(st.booleans()),
        ),
    ]
    for result in results:
        assert_sane(result)
        assert len(result.timing) == len(t)
