"""Issue 11, item 3: every per-cue timing edit keeps the cue at least `MIN_DURATION_MS` long
and says so when it had to; the list stays in start order with the edited cue's new index
returned; the overlaps an edit creates are reported, and `overlapping` finds them all."""

from __future__ import annotations

import pysubs2
from hypothesis import given, settings
from hypothesis import strategies as st

from captions.edits import History
from captions.errors import EditError
from captions.history import EditFactory
from captions.timing import MIN_DURATION_MS, overlapping
from captions.track import Timing, Track

CUES = [(1000, 3000, "one"), (3000, 3300, "two"), (4000, 6000, "three"), (7000, 9000, "four")]


def track_of(spans: list[tuple[int, int, str]]) -> Track:
    subs = pysubs2.SSAFile()
    subs.events = [pysubs2.SSAEvent(start=s, end=e, text=t) for s, e, t in spans]
    return Track(subs=subs, format="srt")


def setup() -> tuple[Track, History, EditFactory]:
    track = track_of(CUES)
    history = History(track)
    return track, history, EditFactory(track, history=history)


def spans(track: Track) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.text) for e in track.events]


def test_start_past_the_end_keeps_the_minimum_and_says_so() -> None:
    track, history, factory = setup()
    edit = factory.set_start(1, 3500)  # `i` past cue 2's end (3300)
    assert edit is not None and edit.limited == 1
    history.do(edit)
    assert spans(track)[1] == (3500, 3500 + MIN_DURATION_MS, "two")


def test_thirty_end_nudges_on_a_short_cue_stop_at_the_minimum() -> None:
    track, history, factory = setup()
    said: list[int | str] = []
    for _ in range(30):  # `.` (end 100 ms earlier) ×30 on the 0.3 s cue
        try:
            edit = factory.nudge(1, end_by=-100)
        except EditError as exc:
            said.append(str(exc))
            continue
        assert edit is not None
        said.append(edit.limited)
        history.do(edit)
    start, end, _ = spans(track)[1]
    assert end - start == MIN_DURATION_MS
    assert said[:2] == [0, 0]  # 300 -> 200 -> 100 ms
    assert said[2:] == ["cue 2 is as short as a cue may be (0.100 s)"] * 28
    edit = factory.nudge(2, end_by=-1950)  # a step past the minimum: held there, and said
    assert edit is not None and edit.limited == 1
    assert (edit.after.starts[2], edit.after.ends[2]) == (4000, 4000 + MIN_DURATION_MS)
    assert all(e.end - e.start > 0 for e in track.events)


def test_a_start_moved_past_the_next_cue_resorts_and_follows_the_cue() -> None:
    track, history, factory = setup()
    events = list(track.events)
    edit = factory.set_start(1, 5000)  # cue 2 now starts after cue 3
    assert edit is not None and edit.order == (0, 2, 1, 3)
    assert edit.focus == 2  # the edited cue's new index
    history.do(edit)
    assert [t for _, _, t in spans(track)] == ["one", "three", "two", "four"]
    assert [s for s, _, _ in spans(track)] == sorted(s for s, _, _ in spans(track))
    assert edit.overlaps_with == (1,)  # 5000-5100 inside "three" (4000-6000)
    assert track.events[2] is events[1]  # the same event, moved (the lossless layer keeps it)
    history.undo()
    assert spans(track) == CUES and track.events == events
    history.redo()
    assert [t for _, _, t in spans(track)] == ["one", "three", "two", "four"]


def test_nudging_a_start_earlier_past_the_previous_cue_moves_it_back() -> None:
    track, history, factory = setup()
    edit = factory.nudge(2, start_by=-3500, keep_duration=True)  # "three" to 500-2500
    assert edit is not None and edit.focus == 0
    history.do(edit)
    assert [t for _, _, t in spans(track)] == ["three", "one", "two", "four"]
    assert edit.overlaps_with == (1,)


def test_an_end_past_the_next_start_reports_the_overlap() -> None:
    _, history, factory = setup()
    edit = factory.set_end(2, 7500)  # `o` past cue 4's start
    assert edit is not None and edit.overlaps_with == (3,) and edit.focus == 2
    history.do(edit)
    assert overlapping(history.timing) == [2, 3]


def test_a_shift_from_a_cue_keeps_the_file_order() -> None:
    track, history, factory = setup()
    edit = factory.shift_from(2, -3500)  # "three", "four" to 500 and 3500
    assert edit is not None and edit.order is None and edit.focus == 2
    history.do(edit)
    assert [t for _, _, t in spans(track)] == ["one", "two", "three", "four"]


def test_a_file_not_in_start_order_keeps_its_order() -> None:
    track = track_of([(5000, 6000, "late"), (1000, 2000, "early")])
    factory = EditFactory(track)
    edit = factory.nudge(0, start_by=100, keep_duration=True)
    assert edit is not None and edit.order is None and edit.focus == 0


SPANS = st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 2000)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(SPANS)
def test_overlapping_agrees_with_every_pair(pairs: list[tuple[int, int]]) -> None:
    starts = tuple(s for s, _ in pairs)
    ends = tuple(s + d for s, d in pairs)
    expected = sorted(
        {
            i
            for i in range(len(pairs))
            for j in range(len(pairs))
            if i != j and max(starts[i], starts[j]) < min(ends[i], ends[j])
        }
    )
    assert overlapping(Timing(starts, ends)) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 60_000), min_size=2, max_size=12, unique=True),
    st.data(),
)
def test_any_per_cue_edit_keeps_order_length_and_the_cursor(
    starts: list[int], data: st.DataObject
) -> None:
    starts.sort()
    cues = [(s, s + 500, f"cue{n}") for n, s in enumerate(starts)]
    track = track_of(cues)
    history = History(track)
    factory = EditFactory(track, history=history)
    index = data.draw(st.integers(0, len(cues) - 1))
    ms = data.draw(st.integers(0, 70_000))
    kind = data.draw(st.sampled_from(["start", "end", "nudge_start", "nudge_end"]))
    edit = {
        "start": lambda: factory.set_start(index, ms),
        "end": lambda: factory.set_end(index, ms),
        "nudge_start": lambda: factory.nudge(index, start_by=ms - 35_000),
        "nudge_end": lambda: factory.nudge(index, end_by=ms - 35_000),
    }[kind]()
    if edit is None:
        return
    history.do(edit)
    new = [(e.start, e.end, e.text) for e in track.events]
    assert [s for s, _, _ in new] == sorted(s for s, _, _ in new)
    assert edit.focus is not None and new[edit.focus][2] == f"cue{index}"
    start, end, _ = new[edit.focus]
    assert end - start >= MIN_DURATION_MS
