"""Word times follow edits: timing edits move them with their cue, event-list edits keep them
on the event they belong to (not on whatever event now has that index), undo restores them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from captions.align.edit import AlignEdit
from captions.edits import History
from captions.errors import CaptionError
from captions.formats import parse
from captions.history import EditFactory
from captions.track import Timing, Track, WordTime
from captions.word_times import retime_words

SRT = """1
00:00:01,000 --> 00:00:02,000
One two.

2
00:00:03,000 --> 00:00:05,000
Three four five.

3
00:00:06,000 --> 00:00:08,000
Six seven.
"""
SECOND = (
    WordTime("Three", 3000, 3500),
    WordTime("four", 3600, 4000),
    WordTime("five.", 4100, 4900),
)
THIRD = (WordTime("Six", 6100, 6800), WordTime("seven.", 7000, 7900))


def editable() -> tuple[Track, History, EditFactory]:
    track = parse(SRT, "srt")
    track.word_times = {1: SECOND, 2: THIRD}
    history = History(track)
    return track, history, EditFactory(track, history=history)


def shifted(words: tuple[WordTime, ...], by: int) -> tuple[WordTime, ...]:
    return tuple(WordTime(w.text, w.start_ms + by, w.end_ms + by) for w in words)


def test_delete_keeps_words_on_their_cue_and_undo_restores() -> None:
    track, history, edits = editable()
    history.do(edits.delete(0))
    assert track.events[0].plaintext == "Three four five."
    assert track.word_times == {0: SECOND, 1: THIRD}
    history.undo()
    assert track.word_times == {1: SECOND, 2: THIRD}
    history.redo()
    assert track.word_times == {0: SECOND, 1: THIRD}


def test_insert_before_moves_the_words_down_one_index() -> None:
    track, history, edits = editable()
    history.do(edits.insert(100))
    assert track.events[2].plaintext == "Three four five."
    assert track.word_times == {2: SECOND, 3: THIRD}


def test_text_edit_split_and_join_drop_the_touched_cues_words() -> None:
    track, history, edits = editable()
    history.do(edits.set_text(1, "Three four six."))
    assert track.word_times == {2: THIRD}
    history.undo()
    history.do(edits.split(2, 7000))
    assert track.word_times == {1: SECOND}
    history.undo()
    history.do(edits.merge_next(0))  # cue 0 and cue 1 become one: cue 1's words go
    assert track.word_times == {1: THIRD}
    history.undo()
    assert track.word_times == {1: SECOND, 2: THIRD}


def test_timing_edits_move_the_words_by_the_cues_transform() -> None:
    track, history, edits = editable()
    shift = edits.shift_all(250)
    assert shift is not None
    history.do(shift)
    assert track.word_times == {1: shifted(SECOND, 250), 2: shifted(THIRD, 250)}
    nudge = edits.nudge(2, start_by=-100)  # one cue's span changes: its words stretch with it
    assert nudge is not None
    history.do(nudge)
    assert track.word_times[1] == shifted(SECOND, 250)
    assert track.word_times[2] == retime_words(shifted(THIRD, 250), (6250, 8250), (6150, 8250))
    history.undo()
    history.undo()
    assert track.word_times == {1: SECOND, 2: THIRD}


def test_a_speed_change_maps_the_words_linearly() -> None:
    words = (WordTime("a", 1000, 1500), WordTime("b", 2000, 3000))
    assert retime_words(words, (1000, 3000), (2000, 6000)) == (
        WordTime("a", 2000, 3000),
        WordTime("b", 4000, 6000),
    )


def test_align_edit_sets_times_and_words_as_one_undoable_edit() -> None:
    track, history, _ = editable()
    track.word_times = {2: THIRD}
    before = track.timing
    after = Timing((1100, 3000, 6000), (1900, 4900, 8000))
    first = (WordTime("One", 1100, 1400), WordTime("two.", 1500, 1900))
    history.do(AlignEdit("Align", before, after, words={0: first, 1: SECOND}))
    assert track.timing == after
    assert track.word_times == {0: first, 1: SECOND, 2: THIRD}
    history.undo()
    assert track.timing == before and track.word_times == {2: THIRD}


OPS = st.lists(
    st.tuples(
        st.sampled_from(["shift", "nudge", "delete", "insert", "split", "text", "merge", "undo"]),
        st.integers(0, 20),
        st.integers(-900, 900),
    ),
    max_size=12,
)


@given(OPS)
@settings(max_examples=60, deadline=None)
def test_any_edits_keep_words_on_their_own_cue_and_undo_restores(ops: list) -> None:  # type: ignore[type-arg]
    track, history, edits = editable()
    track.word_times[0] = (WordTime("One", 1000, 1400), WordTime("two.", 1500, 2000))
    original = dict(track.word_times)
    for op, at, by in ops:
        index = at % len(track)
        event = track.events[index]
        try:
            if op == "shift":
                history.do(edits.shift_all(by) or edits.shift_all(1))  # type: ignore[arg-type]
            elif op == "nudge":
                history.do(edits.nudge(index, start_by=by) or edits.shift_all(1))  # type: ignore[arg-type]
            elif op == "delete":
                history.do(edits.delete(index))
            elif op == "insert":
                history.do(edits.insert(max(0, event.start + by)))
            elif op == "split":
                history.do(edits.split(index, (event.start + event.end) // 2))
            elif op == "text":
                history.do(edits.set_text(index, "Changed.") or edits.shift_all(1))  # type: ignore[arg-type]
            elif op == "merge":
                history.do(edits.merge_next(index))
            else:
                history.undo()
        except CaptionError:
            continue
        for i, words in track.word_times.items():  # words only ever sit on the cue they say
            assert [w.text for w in words] == track.events[i].plaintext.split()
            assert i < len(track)
    while history.undo() is not None:
        pass
    assert track.word_times == original
