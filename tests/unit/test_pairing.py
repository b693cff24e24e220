"""A second track's cues go under the main cue showing at their midpoint (else the nearest):
every second cue exactly once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from captions.formats import parse
from captions.pairing import SecondTrack, pair_rows
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


SECOND_SRT = """1
00:00:00,500 --> 00:00:02,500
Premier.

2
00:00:03,000 --> 00:00:04,000
Deuxième,

3
00:00:04,000 --> 00:00:05,000
suite.
"""

MAIN_SRT = """1
00:00:00,000 --> 00:00:03,000
First.

2
00:00:03,000 --> 00:00:06,000
Second, continued.
"""


def test_second_track_follows_its_own_timing_and_goes_under_main_rows() -> None:
    second = SecondTrack(parse(SECOND_SRT, "srt"))
    main = parse(MAIN_SRT, "srt")
    assert second.text_at(600) == "Premier."
    assert second.text_at(2700) is None  # its own gap, though the main cue is still on
    assert second.next_change(2700) == 3000
    assert second.text_at(4500) == "suite."
    assert [second.under(main, row) for row in range(2)] == ["Premier.", "Deuxième, suite."]
    assert second.under(main, 5) == ""


def test_second_track_pairs_again_after_the_main_timing_changes() -> None:
    second = SecondTrack(parse(SECOND_SRT, "srt"))
    main = parse(MAIN_SRT, "srt")
    assert second.under(main, 0) == "Premier."
    main.events[0].end = 4600  # main cue 1 now covers "Deuxième," and "suite."'s midpoints
    main.events[1].start = 4600
    main.changed()
    assert second.under(main, 0) == "Premier. Deuxième, suite."
    assert second.under(main, 1) == ""
