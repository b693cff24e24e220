"""The edit history against a deep-copied reference over random interleavings of every edit;
tidy and resync as single edits, and the labels edits give themselves."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from captions.edits import EventsEdit, History, TimingEdit
from captions.formats import parse
from captions.history import (
    EditError,
    EditFactory,
    resync_preview,
)
from captions.tidy import TidyLimits
from captions.timing import Anchor
from tests.edit_tracks import FIELDS, make_track, roundtrip, state

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
