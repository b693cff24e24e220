"""Undoable edits, the history, and the structural edit operations: times to the millisecond,
undo/redo back to the exact original, and random interleavings against a deep-copied reference."""

from __future__ import annotations

import pytest

from captions.edits import History, TimingEdit
from captions.history import (
    EditError,
    EditFactory,
    merge_next,
    resync_preview,
    set_text,
    split_at,
)
from captions.history import delete as delete_op
from captions.history import insert_at as insert_op
from captions.split_text import split_text
from captions.timing import MIN_DURATION_MS, Anchor
from captions.track import Timing
from tests.edit_tracks import ends, make_track, roundtrip, starts, state, talk

# Timing edits ------------------------------------------------------------------------------


def test_shift_all_and_offset() -> None:
    track = talk()
    history, factory = History(track), EditFactory(track)
    edit = factory.shift_all(100)
    assert edit is not None
    roundtrip(track, history, edit)
    assert starts(track) == [1100, 3100, 6100, 10100]
    assert ends(track) == [3100, 5100, 9100, 12100]
    assert history.offset_ms == 100
    history.do(factory.shift_all(-1000))  # type: ignore[arg-type]
    assert history.offset_ms == -900
    assert starts(track) == [100, 2100, 5100, 9100]
    history.undo()
    assert history.offset_ms == 100
    history.undo()
    assert history.offset_ms == 0
    assert starts(track) == [1000, 3000, 6000, 10000]


def test_shift_keeps_times_below_zero_and_counts_them() -> None:
    track = make_track([(0, 500, "a"), (400, 900, "b")])
    factory = EditFactory(track)
    assert factory.shift_all(-100) is not None
    edit = factory.shift_all(-600)
    assert edit is not None and edit.clamped == 2
    History(track).do(edit)
    assert starts(track) == [-600, -200] and ends(track) == [-100, 300]


def test_shift_from_cue() -> None:
    track = talk()
    edit = EditFactory(track).shift_from(2, -500)
    roundtrip(track, History(track), edit)
    assert starts(track) == [1000, 3000, 5500, 9500]
    assert ends(track) == [3000, 5000, 8500, 11500]


def test_starts_now_shifts_all_with_reaction_time() -> None:
    track = talk()
    history = History(track)
    edit = EditFactory(track).starts_now(2, 12345)
    assert edit is not None and edit.offset_ms == 12345 - 250 - 6000
    roundtrip(track, history, edit)
    assert starts(track) == [7095, 9095, 12095, 16095]
    assert ends(track) == [9095, 11095, 15095, 18095]
    assert history.offset_ms == 6095


def test_starts_now_only_later_and_custom_reaction() -> None:
    track = talk()
    history = History(track)
    edit = EditFactory(track, reaction_ms=0).starts_now(1, 2000, only_later=True)
    roundtrip(track, history, edit)
    assert starts(track) == [1000, 2000, 5000, 9000]
    assert ends(track) == [3000, 4000, 8000, 11000]
    assert history.offset_ms == 0


def test_set_start_end_and_nudge() -> None:
    track = talk()
    history, factory = History(track), EditFactory(track)
    roundtrip(track, history, factory.set_start(1, 3456))
    assert (track.events[1].start, track.events[1].end) == (3456, 5000)
    roundtrip(track, history, factory.set_end(1, 4321))
    assert (track.events[1].start, track.events[1].end) == (3456, 4321)
    roundtrip(track, history, factory.nudge(1, start_by=-100))
    assert (track.events[1].start, track.events[1].end) == (3356, 4321)
    roundtrip(track, history, factory.nudge(1, end_by=100))
    assert (track.events[1].start, track.events[1].end) == (3356, 4421)
    roundtrip(track, history, factory.nudge(1, start_by=100, keep_duration=True))
    assert (track.events[1].start, track.events[1].end) == (3456, 4521)
    roundtrip(track, history, factory.set_end(1, 1000))  # not before start + the minimum
    assert (track.events[1].start, track.events[1].end) == (3456, 3456 + MIN_DURATION_MS)
    assert starts(track)[::2] == [1000, 6000] and ends(track)[::2] == [3000, 9000]
    while history.undo():
        pass
    assert state(track) == state(talk())


def test_two_point_resync_preview_and_apply() -> None:
    track = make_track([(10000, 12000, "a"), (50000, 51000, "b"), (110000, 111000, "c")])
    # 10 s plays at 12 s, 110 s at 122 s: speed 1.1, offset +1 s.
    preview = resync_preview(track.timing, [Anchor(10000, 12000), Anchor(110000, 122000)])
    assert (preview.first_ms, preview.last_ms) == (2000, 12000)
    assert (preview.largest_ms, preview.largest_index) == (12000, 2)
    history = History(track)
    roundtrip(track, history, preview.edit)
    assert starts(track) == [12000, 56000, 122000]
    assert ends(track) == [14200, 57100, 123100]


def test_anchor_now_and_multi_point_resync() -> None:
    track = make_track([(0, 1000, "a"), (10000, 11000, "b"), (20000, 21000, "c")])
    factory = EditFactory(track)
    anchors = [
        factory.anchor_now(0, 1250),  # 0 -> 1000
        factory.anchor_now(1, 10250),  # 10000 -> 10000
        factory.anchor_now(2, 22250),  # 20000 -> 22000
    ]
    assert anchors[0] == Anchor(0, 1000)
    preview = factory.resync(anchors)
    roundtrip(track, History(track), preview.edit)
    # 0..10 s: slope 0.9 from 1 s; 10..20 s: slope 1.2 from 10 s.
    assert starts(track) == [1000, 10000, 22000]
    assert ends(track) == [1900, 11200, 23200]
    assert preview.largest_ms == 2000 and preview.largest_index == 2


def test_resync_needs_two_distinct_ordered_anchors() -> None:
    timing = talk().timing
    with pytest.raises(EditError):
        resync_preview(timing, [Anchor(1000, 2000)])
    with pytest.raises(EditError):
        resync_preview(timing, [Anchor(1000, 2000), Anchor(1000, 3000)])
    with pytest.raises(EditError):
        resync_preview(timing, [Anchor(1000, 5000), Anchor(3000, 2000)])


# Structural edits --------------------------------------------------------------------------


def test_split_at_word_nearest_proportional_point() -> None:
    track = talk()
    history, factory = History(track), EditFactory(track)
    edit = factory.split(0, 2000)
    assert edit.focus == 1
    roundtrip(track, history, edit)
    assert [(e.start, e.end, e.text) for e in track.events[:2]] == [
        (1000, 2000, "one two"),
        (2000, 3000, "three four"),
    ]
    assert len(track.events) == 5
    assert track.events[1].style == "Default" and track.events[1].marginv == 0
    first, second = split_text("one two three four", 0.1)
    assert (first, second) == ("one", "two three four")


def test_split_keeps_tags() -> None:
    events = talk().events
    after = split_at(events, 1, 3500)
    assert [(e.start, e.end, e.text) for e in after[1:3]] == [
        (3000, 3500, r"{\an8}Hello"),
        (3500, 5000, r"{\an8}{\i1}big{\i0} world"),
    ]
    after = split_at(events, 1, 4500)
    assert [(e.start, e.end, e.text) for e in after[1:3]] == [
        (3000, 4500, r"{\an8}Hello {\i1}big{\i0}"),
        (4500, 5000, r"{\an8}world"),
    ]
    after = split_at(events, 2, 7500)
    assert [e.text for e in after[2:4]] == ["first line", "second line"]
    assert after[3].name == "spk0" and after[3].layer == 0 and after[3].style == "Sign"


def test_split_at_text_cursor() -> None:
    events = talk().events
    after = split_at(events, 0, 1500, text_pos=4)
    assert [e.text for e in after[:2]] == ["one", "two three four"]
    after = split_at(events, 0, 1500, text_pos=5)  # inside a word: cut there
    assert [e.text for e in after[:2]] == ["one t", "wo three four"]
    assert [e.text for e in split_at(events, 3, 11000)[3:]] == ["end", ""]


def test_split_outside_the_cue_is_refused() -> None:
    events = talk().events
    for ms in (1000, 3000, 500, 5000):
        with pytest.raises(EditError):
            split_at(events, 0, ms)
    with pytest.raises(EditError):
        split_at(events, 9, 1500)


def test_merge_next() -> None:
    track = talk()
    edit = EditFactory(track).merge_next(1)
    roundtrip(track, History(track), edit)
    merged = track.events[1]
    assert (merged.start, merged.end) == (3000, 9000)
    assert merged.text == r"{\an8}Hello {\i1}big{\i0} world\Nfirst line\Nsecond line"
    assert merged.style == "Default" and merged.marginv == 1
    assert len(track.events) == 3
    with pytest.raises(EditError):
        merge_next(track.events, 2)


def test_delete_and_insert() -> None:
    track = talk()
    history, factory = History(track), EditFactory(track)
    roundtrip(track, history, factory.delete(1))
    assert starts(track) == [1000, 6000, 10000]
    edit = factory.insert(5000, "new\ncue")
    assert edit.focus == 1
    roundtrip(track, history, edit)
    assert [(e.start, e.end, e.plaintext) for e in track.events[:3]] == [
        (1000, 3000, "one two three four"),
        (5000, 6000, "new\ncue"),  # ends where the next cue starts
        (6000, 9000, "first line\nsecond line"),
    ]
    assert track.events[1].style == track.events[0].style
    with pytest.raises(EditError):
        delete_op([track.events[0]], 0)


def test_insert_rules() -> None:
    events = talk().events
    assert [(e.start, e.end) for e in insert_op(events, 0)[:2]] == [(0, 1000), (1000, 3000)]
    after = insert_op(events, 12500, duration=1500)
    assert (after[-1].start, after[-1].end) == (12500, 14000)
    after = insert_op(events, 9800)  # 200 ms before the next: too short, so it overlaps
    assert (after[3].start, after[3].end) == (9800, 11800)
    after = insert_op(events, 3000)  # after the cue starting at the same time
    assert [e.start for e in after] == [1000, 3000, 3000, 6000, 10000]
    assert after[2].text == ""
    with pytest.raises(EditError):
        insert_op(events, -5)


def test_set_text() -> None:
    track = talk()
    factory = EditFactory(track)
    assert factory.set_text(1, "Hello big world") is None
    edit = factory.set_text(1, "Hello\r\nsmall world\n")
    assert edit is not None
    roundtrip(track, History(track), edit)
    assert track.events[1].text == r"{\an8}Hello\Nsmall world"
    assert track.events[1].plaintext == "Hello\nsmall world"
    assert (track.events[1].start, track.events[1].end) == (3000, 5000)


def test_ops_never_mutate_their_input() -> None:
    track = talk()
    before = state(track)
    objects = list(track.events)
    for result in (
        split_at(track.events, 0, 2000),
        merge_next(track.events, 0),
        delete_op(track.events, 0),
        insert_op(track.events, 4000),
        set_text(track.events, 2, "x"),
    ):
        assert result is not track.events
    assert state(track) == before
    assert all(a is b for a, b in zip(objects, track.events, strict=True))


# History ------------------------------------------------------------------------------------


def test_dirty_relative_to_saved_point() -> None:
    track = talk()
    history, factory = History(track), EditFactory(track)
    assert not history.dirty and not history.can_undo and history.undo() is None
    history.do(factory.shift_all(100))  # type: ignore[arg-type]
    assert history.dirty
    history.mark_saved()
    assert not history.dirty
    history.do(factory.delete(0))
    assert history.dirty and history.labels == ["Shift all +0.100 s", "Delete cue 1"]
    history.undo()
    assert not history.dirty and history.can_redo and history.redo_label == "Delete cue 1"
    history.undo()
    assert history.dirty
    history.redo()
    assert not history.dirty
    history.undo()
    history.do(factory.shift_all(5))  # the saved state is no longer reachable by redo
    assert not history.can_redo
    history.undo()
    assert history.dirty and history.redo() is not None
    history.undo()
    history.mark_unsaved()
    assert history.dirty


def test_cached_timing_follows_edits_and_notices_outside_changes() -> None:
    track = talk()
    history = History(track)
    factory = EditFactory(track, history=history)
    edit = factory.shift_all(100)
    assert edit is not None and edit.moved() == 4
    history.do(edit)
    assert factory.timing is edit.after  # reused, not rebuilt
    nudge = factory.nudge(2, end_by=10)
    assert nudge is not None and nudge.before is edit.after and nudge.moved_indices() == [2]
    history.do(nudge)
    history.undo()
    assert factory.timing is nudge.before
    track.events[0].start = 5  # a change made behind the history's back is noticed
    assert factory.timing == track.timing and factory.timing.starts[0] == 5


def test_timing_edit_requires_same_count() -> None:
    with pytest.raises(ValueError):
        TimingEdit("x", Timing((1,), (2,)), Timing((), ()))
