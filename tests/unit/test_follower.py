"""CueFollower over a small track and a fake clock, and a simulated timer loop."""

from __future__ import annotations

import pysubs2
import pytest

from captions.track import Track
from player.playback.clock import PlaybackClock
from player.playback.follower import CueFollower


class FakeTime:
    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


def make_track(spans: list[tuple[int, int]]) -> Track:
    subs = pysubs2.SSAFile()
    for i, (start, end) in enumerate(spans):
        subs.append(pysubs2.SSAEvent(start=start, end=end, text=f"cue {i}"))
    return Track(subs, "srt")


SPANS = [(1000, 2000), (2000, 3500), (4000, 5000)]


def test_current_follows_the_clock() -> None:
    now = FakeTime()
    clock = PlaybackClock(now)
    follower = CueFollower(make_track(SPANS), clock)
    expected = {0: None, 999: None, 1000: 0, 1999: 0, 2000: 1, 3499: 1, 3500: None, 4000: 2}
    for ms, index in expected.items():
        clock.seek(ms)
        assert follower.current() == index, ms


def test_delay_to_next_boundary_at_rate() -> None:
    now = FakeTime()
    clock = PlaybackClock(now)
    follower = CueFollower(make_track(SPANS), clock)
    clock.seek(1500)
    assert follower.delay_to_next_boundary_s() is None  # paused: nothing will change
    clock.start()
    assert follower.delay_to_next_boundary_s() == pytest.approx(0.5, abs=0.001)
    clock.set_rate(2.0)
    assert follower.delay_to_next_boundary_s() == pytest.approx(0.25, abs=0.001)
    clock.seek(4500)
    assert follower.delay_to_next_boundary_s() == pytest.approx(0.25, abs=0.001)
    clock.seek(5000)
    assert follower.delay_to_next_boundary_s() is None  # past the last boundary


def test_timer_loop_switches_at_every_boundary() -> None:
    """Drive the follower the way the UI does (one timer per boundary) on fake time: every
    switch happens at its boundary, within the 0.5 ms margin, and none is missed."""
    now = FakeTime()
    clock = PlaybackClock(now, max_gap_s=float("inf"))
    track = make_track(SPANS)
    follower = CueFollower(track, clock)
    clock.start()
    start = now.t
    switches: list[tuple[float, int | None]] = []
    shown = follower.current()
    for _ in range(100):
        delay = follower.delay_to_next_boundary_s()
        if delay is None:
            break
        now.t += delay
        current = follower.current()
        if current != shown:
            switches.append(((now.t - start) * 1000, current))
            shown = current
    assert [index for _, index in switches] == [0, 1, None, 2, None]
    for (ms, _), boundary in zip(switches, [1000, 2000, 3500, 4000, 5000], strict=True):
        assert boundary <= ms <= boundary + 1
