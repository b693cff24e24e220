"""A second track's cues go under the main cue showing at their midpoint (else the nearest):
every second cue exactly once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from captions.pairing import pair_rows
from captions.track import Timing


def timing(*spans: tuple[int, int]) -> Timing:
    return Timing(tuple(s for s, _ in spans), tuple(e for _, e in spans))


def test_each_second_cue_goes_under_the_main_cue_at_its_midpoint() -> None:
    main = timing((0, 2000), (2000, 5000), (7000, 9000))
    second = timing((100, 1900), (1800, 3000), (3000, 4800), (7100, 8000))
    assert pair_rows(main, second) == [[0], [1, 2], [3]]


def test_a_second_cue_in_a_gap_goes_to_the_nearest_main_cue() -> None:
    main = timing((0, 1000), (9000, 10_000))
    second = timing((1500, 2500), (7000, 8000), (20_000, 21_000))
    assert pair_rows(main, second) == [[0], [1, 2]]


def test_an_empty_main_track_has_no_rows() -> None:
    assert pair_rows(timing(), timing((0, 10))) == []


spans = st.lists(
    st.tuples(st.integers(0, 100_000), st.integers(0, 5000)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=40,
)


@given(spans.filter(bool), spans)
def test_every_second_cue_is_placed_exactly_once(
    main: list[tuple[int, int]], second: list[tuple[int, int]]
) -> None:
    rows = pair_rows(timing(*main), timing(*second))
    assert len(rows) == len(main)
    assert sorted(j for row in rows for j in row) == list(range(len(second)))
    for row in rows:
        assert row == sorted(row)
