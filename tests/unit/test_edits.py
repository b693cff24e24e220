"""Undoable edits, the history, and the structural edit operations: times to the millisecond,
undo/redo back to the exact original, and random interleavings against a deep-copied reference."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from captions.edits import EventsEdit, History, TimingEdit
from captions.formats import parse
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
from captions.tidy import TidyLimits
from captions.timing import MIN_DURATION_MS, Anchor
from captions.track import Timing, Track

FIELDS = [f.name for f in dataclasses.fields(pysubs2.SSAEvent)]


def state(track: Track) -> list[tuple[Any, ...]]:
    """Every field of every event, in order: what "exactly the same state" means."""
    return [tuple(getattr(e, name) for name in FIELDS) for e in track.events]


def make_track(spans: list[tuple[int, int, str]], fmt: str = "ass") -> Track:
    subs = pysubs2.SSAFile()
    for n, (start, end, text) in enumerate(spans):
        subs.events.append(
            pysubs2.SSAEvent(
                start=start,
                end=end,
                text=text,
                style="Sign" if n % 3 == 2 else "Default",
                name=f"spk{n % 2}",
                layer=n % 2,
                marginv=n,
            )
        )
    return Track(subs=subs, format=fmt)


def talk() -> Track:
    return make_track(
        [
            (1000, 3000, "one two three four"),
            (3000, 5000, r"{\an8}Hello {\i1}big{\i0} world"),
            (6000, 9000, r"first line\Nsecond line"),
            (10000, 12000, "end"),
        ]
    )


def starts(track: Track) -> list[int]:
    return [e.start for e in track.events]


def ends(track: Track) -> list[int]:
    return [e.end for e in track.events]


def roundtrip(track: Track, history: History, edit: Any) -> list[tuple[Any, ...]]:
    """Do `edit`, check undo restores the original exactly and redo the edited state; returns
    the edited state."""
    original = state(track)
    history.do(edit)
    edited = state(track)
    assert history.undo() is edit
    assert state(track) == original
    assert history.redo() is edit
    assert state(track) == edited
    return edited


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


# Random interleavings ----------------------------------------------------------------------

spans = st.lists(
    st.tuples(st.integers(0, 20000), st.integers(0, 5000), st.sampled_from(["a b c", "x", ""])),
    min_size=1,
    max_size=8,
).map(lambda xs: [(s, s + d, t) for s, d, t in xs])

actions = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "shift",
                "shift_from",
                "starts_now",
                "set_start",
                "set_end",
                "nudge",
                "resync",
                "split",
                "merge",
                "delete",
                "insert",
                "text",
                "undo",
                "undo",
                "redo",
                "save",
            ]
        ),
        st.integers(0, 10),
        st.integers(-3000, 25000),
    ),
    max_size=40,
)


def build(factory: EditFactory, kind: str, i: int, ms: int) -> Any:
    """An edit of the track's current state, or None when it does not apply."""
    n = len(factory.track.events)
    index = i % n
    event = factory.track.events[index]
    try:
        match kind:
            case "shift":
                return factory.shift_all(ms // 10)
            case "shift_from":
                return factory.shift_from(index, ms // 10)
            case "starts_now":
                return factory.starts_now(index, ms, only_later=i % 2 == 0)
            case "set_start":
                return factory.set_start(index, ms)
            case "set_end":
                return factory.set_end(index, ms)
            case "nudge":
                return factory.nudge(index, start_by=ms // 100, keep_duration=i % 2 == 0)
            case "resync":
                a = factory.track.timing.starts
                first, last = min(a), max(a)
                if first == last:
                    return None
                return factory.resync([Anchor(first, first + 50), Anchor(last, last + ms)]).edit
            case "split":
                mid = (event.start + event.end) // 2
                return factory.split(index, mid) if event.start < mid < event.end else None
            case "merge":
                return factory.merge_next(index) if index + 1 < n else None
            case "delete":
                return factory.delete(index) if n > 1 else None
            case "insert":
                return factory.insert(max(0, ms), "new")
            case "text":
                return factory.set_text(index, f"text {ms}")
    except EditError:
        return None
    raise AssertionError(kind)


@settings(max_examples=300, deadline=None)
@given(spans, actions)
def test_random_interleavings_match_deep_copied_reference(
    spans: list[tuple[int, int, str]], steps: list[tuple[str, int, int]]
) -> None:
    track = make_track(spans)
    history = History(track)
    factory = EditFactory(track, history=history)  # with the history's cached timing
    # Reference: deep-copied states, a position, the redo tail, and the saved state's id.
    states: list[list[tuple[Any, ...]]] = [state(track)]
    offsets = [0]
    ids = [0]
    position, saved, next_id = 0, 0, 1
    for kind, i, ms in steps:
        if kind == "undo":
            assert (history.undo() is not None) == (position > 0)
            position = max(0, position - 1)
        elif kind == "redo":
            assert (history.redo() is not None) == (position < len(states) - 1)
            position = min(len(states) - 1, position + 1)
        elif kind == "save":
            history.mark_saved()
            saved = ids[position]
        else:
            edit = build(factory, kind, i, ms)
            if edit is None:
                continue
            # What the edit should produce, computed on a deep copy of the current events.
            expected = copy.deepcopy(track.events)
            if isinstance(edit, TimingEdit):
                for event, s, e in zip(expected, edit.after.starts, edit.after.ends, strict=True):
                    event.start, event.end = s, e
                if edit.order is not None:  # the edit also put the list back in start order
                    expected = [expected[k] for k in edit.order]
            else:
                assert isinstance(edit, EventsEdit)
                expected = copy.deepcopy(list(edit.after))
            history.do(edit)
            del states[position + 1 :], offsets[position + 1 :], ids[position + 1 :]
            states.append([tuple(getattr(e, f) for f in FIELDS) for e in expected])
            offsets.append(offsets[position] + edit.offset_ms)
            ids.append(next_id)
            next_id += 1
            position += 1
        assert state(track) == states[position]
        assert history.offset_ms == offsets[position]
        assert history.dirty == (ids[position] != saved)
        assert history.can_undo == (position > 0)
        assert history.can_redo == (position < len(states) - 1)
        assert all(e.start <= e.end for e in track.events)
    # Walking the whole history back and forth visits every state exactly.
    while history.undo():
        position -= 1
        assert state(track) == states[position]
    assert state(track) == states[0]
    while history.redo():
        position += 1
        assert state(track) == states[position]


def test_tidy_as_one_edit_with_preview_count() -> None:
    long_text = " ".join(f"word{n}" for n in range(40))
    spans = [(0, 23000, long_text), (23000, 23300, "ok then"), (30000, 31500, "fine")]
    track = make_track(spans)
    factory = EditFactory(track)
    edit = factory.tidy(TidyLimits(max_line_chars=42, max_lines=2))
    assert edit is not None and edit.changed == 2  # the long cue; "ok then" is too short
    roundtrip(track, History(track), edit)
    assert len(track.events) > 3
    assert all(800 <= e.end - e.start <= 7000 for e in track.events)
    assert (track.events[-1].start, track.events[-1].end) == (30000, 31500)
    assert " ".join(e.plaintext.replace("\n", " ") for e in track.events[:-2]) == long_text
    assert factory.tidy(TidyLimits(max_line_chars=42, max_lines=2)) is None


def test_a_resync_holds_cues_at_the_minimum_and_calls_an_absurd_speed_so() -> None:
    """Anchors on the first and last cue marked 3 s apart squeezed 100 cues into 3 s with
    0-1 ms durations and no word about it."""
    subs_text = "".join(
        f"{i + 1}\n00:{i // 60:02d}:{i % 60:02d},000 --> 00:{i // 60:02d}:{i % 60:02d},800\nx\n\n"
        for i in range(100)
    )
    track = parse(subs_text, "srt")
    preview = resync_preview(track.timing, [Anchor(0, 0), Anchor(99_000, 3_000)])
    after = preview.edit.after
    assert all(e - s >= 100 for s, e in zip(after.starts, after.ends, strict=True))
    assert preview.limited == 100 and preview.edit.limited == 100
    assert preview.implausible and preview.speeds[0] < 0.05
    ordinary = resync_preview(track.timing, [Anchor(0, 1_000), Anchor(99_000, 100_100)])
    assert ordinary.limited == 0 and not ordinary.implausible


def test_labels_say_the_times_made_and_the_cues_new_number() -> None:
    """`o` before a cue's start said "Cue 3 ends at 00:01.000 · held at the minimum" while the
    cue ended at its start + 0.1 s; `i` past the next cues named the cue by its old row."""
    text = "".join(
        f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},000\ncue {i + 1}\n\n"
        for i in range(5)
    )
    track = parse(text, "srt")
    factory = EditFactory(track, history=History(track))
    held = factory.set_end(2, 1_000)  # cue 3 runs 4-5 s
    assert held is not None and held.limited == 1
    assert held.label == "Cue 3 ends at 00:04.100"
    moved = factory.set_start(0, 6_500)  # cue 1 now starts after cues 2-4: it is cue 4
    assert moved is not None and moved.focus == 3
    assert moved.label == "Cue 4 starts at 00:06.500"
