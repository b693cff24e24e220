"""PlaybackClock on fake time: extrapolation, holding, re-anchoring, jitter, monotonicity."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.playback.clock import PlaybackClock


class FakeTime:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def now() -> FakeTime:
    return FakeTime()


def test_starts_paused_at_zero(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    now.advance(5)
    assert clock.position_ms() == 0
    assert not clock.running
    assert clock.seconds_until(1000) is None


def test_extrapolates_while_running(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    now.advance(0.25)
    assert clock.position_ms() == 250
    now.advance(1.0)
    assert clock.position_ms() == 1250
    assert clock.seconds_until(2250) == pytest.approx(1.0)


def test_update_re_anchors_on_the_reported_line(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    # The player says 5000 ms was heard 0.1 s ago (a seek landed while we guessed 0).
    now.advance(0.3)
    assert clock.update(5000, at=now.t - 0.1)
    assert clock.position_ms() == 5100


def test_hold_while_paused_and_resume_from_there(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    now.advance(2.0)
    clock.hold()
    now.advance(10.0)
    assert clock.position_ms() == 2000
    clock.start()
    now.advance(0.5)
    assert clock.position_ms() == 2500


def test_seek_re_anchors_backwards_and_forwards(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    now.advance(30.0)
    clock.seek(1000)
    assert clock.position_ms() == 1000
    now.advance(0.1)
    assert clock.position_ms() == 1100
    clock.seek(90_000)
    assert clock.position_ms() == 90_000


def test_seek_while_paused_stays_paused(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.seek(7000)
    now.advance(3.0)
    assert clock.position_ms() == 7000


def test_rate_changes_slope_from_the_change(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    now.advance(1.0)
    clock.set_rate(1.5)
    now.advance(2.0)
    assert clock.position_ms() == 1000 + 3000
    assert clock.seconds_until(5500) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        clock.set_rate(0)


def test_small_backward_update_is_absorbed_by_holding(now: FakeTime) -> None:
    clock = PlaybackClock(now, window=1)
    clock.start()
    now.advance(1.0)
    assert clock.position_ms() == 1000
    # The player says we are 100 ms behind our guess: hold at 1000 until the line catches up.
    clock.update(900)
    assert clock.position_ms() == 1000
    now.advance(0.05)
    assert clock.position_ms() == 1000
    now.advance(0.1)
    assert clock.position_ms() == 1050


def test_large_backward_update_is_taken(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    for step in range(1, 11):
        now.advance(1.0)
        clock.update(step * 1000)
    assert clock.position_ms() == 10_000
    clock.update(2000)  # a real jump (e.g. a seek from elsewhere): 8 s back
    assert clock.position_ms() == 2000


def test_stale_update_before_a_seek_is_ignored(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    before = now.t
    now.advance(1.0)
    clock.seek(50_000)
    assert not clock.update(1000, at=before + 0.5)
    assert clock.position_ms() == 50_000


def test_window_averages_update_jitter(now: FakeTime) -> None:
    """Updates on a line with +-7 ms noise: the windowed clock stays within 3 ms of the line,
    re-anchoring on each update does not."""
    rng = random.Random(1)
    averaged = PlaybackClock(now, window=8)
    naive = PlaybackClock(now, window=1)
    for clock in (averaged, naive):
        clock.start()
    worst = {"averaged": 0.0, "naive": 0.0}
    true_at = now.t
    for step in range(1, 40):
        update_t = true_at + step * 1.0
        now.t = update_t
        value = step * 1000 + rng.uniform(-7, 7)
        averaged.update(value)
        naive.update(value)
        if step < 8:
            continue
        for probe in (0.1, 0.5, 0.9):
            t = update_t + probe
            truth = (t - true_at) * 1000
            worst["averaged"] = max(worst["averaged"], abs(averaged.line_at(t) - truth))
            worst["naive"] = max(worst["naive"], abs(naive.line_at(t) - truth))
    assert worst["averaged"] < 4.0
    assert worst["naive"] > worst["averaged"]


def test_a_jump_off_the_line_restarts_the_window(now: FakeTime) -> None:
    clock = PlaybackClock(now, window=8)
    clock.start()
    for step in range(1, 6):
        now.advance(1.0)
        clock.update(step * 1000)
    now.advance(1.0)
    clock.update(6000 + 300)  # the player skipped 300 ms ahead (a stall recovered)
    assert clock.position_ms() == 6300


def test_holds_after_max_gap_without_updates(now: FakeTime) -> None:
    clock = PlaybackClock(now, max_gap_s=2.0)
    clock.start()
    now.advance(10.0)
    assert clock.position_ms() == 2000


def test_end_runs_on_to_the_limit_and_holds(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    clock.start()
    now.advance(3.0)
    clock.update(3000)
    clock.end(4_000)
    now.advance(0.5)
    clock.end(4_000)
    assert clock.running
    assert clock.seconds_until(4_000) == pytest.approx(0.5)
    assert clock.seconds_until(4_001) is None
    now.advance(0.4)
    assert clock.position_ms() == 3_900
    now.advance(5.0)  # beyond max_gap: the end limit, not the gap, stops it
    assert clock.position_ms() == 4_000
    assert not clock.running


def test_generation_counts_re_anchors(now: FakeTime) -> None:
    clock = PlaybackClock(now)
    g = clock.generation
    clock.start()
    clock.seek(100)
    clock.set_rate(2.0)
    clock.hold()
    assert clock.generation == g + 4


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=1.5),
            st.floats(min_value=-70.0, max_value=70.0),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_never_steps_back_without_a_seek(steps: list[tuple[float, float]]) -> None:
    """Whatever jitter the updates carry (< 150 ms between two), reads never decrease."""
    now = FakeTime()
    clock = PlaybackClock(now, window=4)
    clock.start()
    last = clock.position()
    start = now.t
    for dt, noise in steps:
        now.advance(dt)
        clock.update(max(0.0, (now.t - start) * 1000 + noise))
        pos = clock.position()
        assert pos >= last
        last = pos
