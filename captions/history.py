"""Pure structural edits of an event list: split, merge, delete, insert, set text.

Each returns a new list and never mutates an event: a changed cue is a copy
(`dataclasses.replace`) that keeps the original's style, layer, name, margins and leading ASS
override tags (`{\\an8}` …); unchanged cues are the same objects. `EditFactory` turns these,
the timing operations of `captions.timing` and tidy into undoable edits of a track.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

import pysubs2

from captions import cue_order
from captions import timing as timing_ops
from captions.edits import EventsEdit, History, TimingEdit
from captions.errors import EditError
from captions.resync import (
    DEFAULT_REACTION_MS,
    ResyncPreview,
    anchor_now,
    resync_preview,
)
from captions.split_text import leading_tags, split_text
from captions.tidy import TidyLimits, tidy
from captions.timecode import format_duration, format_time
from captions.timing import Anchor, Retimed
from captions.track import Timing, Track

#: An inserted cue lasts at least this long, even if it then overlaps the next one.
MIN_INSERT_MS = 500


def _check_index(events: list[pysubs2.SSAEvent], index: int) -> None:
    if not 0 <= index < len(events):
        raise EditError(f"there is no cue {index + 1} (the track has {len(events)})")


def split_at(
    events: list[pysubs2.SSAEvent], index: int, ms: int, text_pos: int | None = None
) -> list[pysubs2.SSAEvent]:
    """Cue `index` becomes two: [start, ms) and [ms, end), its text split at the word nearest
    the proportional point (or at plaintext position `text_pos`)."""
    _check_index(events, index)
    event = events[index]
    if not event.start < ms < event.end:
        raise EditError(f"the split point is not inside cue {index + 1}")
    fraction = (ms - event.start) / (event.end - event.start)
    first_text, second_text = split_text(event.text, fraction, text_pos)
    first = replace(event, end=ms, text=first_text)
    second = replace(event, start=ms, text=second_text)
    return [*events[:index], first, second, *events[index + 1 :]]


def merge_next(events: list[pysubs2.SSAEvent], index: int) -> list[pysubs2.SSAEvent]:
    """Cue `index` and the one after it become one cue spanning both, texts on separate lines
    (the first cue's style is kept)."""
    _check_index(events, index)
    if index + 1 >= len(events):
        raise EditError(f"cue {index + 1} is the last one; there is no next cue to merge")
    a, b = events[index], events[index + 1]
    prefix = leading_tags(a.text)
    b_text = b.text[len(prefix) :] if prefix and b.text.startswith(prefix) else b.text
    if not a.plaintext.strip():
        text = prefix + b_text
    elif not b.plaintext.strip():
        text = a.text
    else:
        text = a.text + r"\N" + b_text
    merged = replace(a, start=min(a.start, b.start), end=max(a.end, b.end), text=text)
    return [*events[:index], merged, *events[index + 2 :]]


def delete(events: list[pysubs2.SSAEvent], index: int) -> list[pysubs2.SSAEvent]:
    """The list without cue `index` (the last remaining cue cannot be deleted: a caption file
    needs at least one)."""
    _check_index(events, index)
    if len(events) == 1:
        raise EditError("cannot delete the only cue")
    return [*events[:index], *events[index + 1 :]]


def insertion_index(events: list[pysubs2.SSAEvent], ms: int) -> int:
    """Where a cue starting at `ms` goes: after every cue starting at or before it."""
    return bisect_right(events, ms, key=lambda e: e.start)


def insert_at(
    events: list[pysubs2.SSAEvent], ms: int, text: str = "", duration: int = 2000
) -> list[pysubs2.SSAEvent]:
    """A new cue at `ms`, in start order. It lasts `duration` but ends where the next cue
    starts if that is sooner, unless that would leave it shorter than `MIN_INSERT_MS`."""
    if ms < 0:
        raise EditError("cannot insert a cue before 0")
    if duration <= 0:
        raise EditError("an inserted cue needs a positive duration")
    pos = insertion_index(events, ms)
    end = ms + duration
    if pos < len(events) and events[pos].start - ms >= min(MIN_INSERT_MS, duration):
        end = min(end, events[pos].start)
    template = events[pos - 1] if pos > 0 else (events[0] if events else None)
    new = pysubs2.SSAEvent(start=ms, end=end)
    if template is not None:
        new = replace(template, start=ms, end=end, effect="", marked=False, type="Dialogue")
    new.plaintext = _clean(text)
    return [*events[:pos], new, *events[pos:]]


def _clean(text: str) -> str:
    """Plaintext as typed: newlines normalised, blank lines at either end dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def set_text(events: list[pysubs2.SSAEvent], index: int, text: str) -> list[pysubs2.SSAEvent]:
    """Cue `index` shows the multi-line plaintext `text` (leading override tags kept). An
    unchanged text returns `events` itself."""
    _check_index(events, index)
    event = events[index]
    text = _clean(text)
    if text == event.plaintext:
        return events
    new = replace(event, text=leading_tags(event.text) + text.replace("\n", r"\N"))
    return [*events[:index], new, *events[index + 1 :]]


def timing_edit(
    label: str,
    before: Timing,
    result: Retimed,
    *,
    offset: int = 0,
    focus: int | None,
    sparse: bool = False,
) -> TimingEdit | None:
    """The edit from `before` to `result`; when a per-cue edit moves its cue past a
    neighbour's start, the edit reorders the list too (`focus` follows the edited cue), and it
    names the cues the edited one now overlaps. `{n}` in `label` becomes the cue's new row."""
    after = result.timing
    if after == before:
        if result.limited and focus is not None:
            raise EditError(
                f"cue {focus + 1} is as short as a cue may be "
                f"({timing_ops.MIN_DURATION_MS / 1000:.3f} s)"
            )
        return None
    order: tuple[int, ...] | None = None
    # A per-cue edit re-sorts its cue; a shift from a cue that overtakes earlier ones keeps
    # the file's order (the overlaps it makes are counted in the status).
    if sparse and focus is not None and cue_order.breaks_order(before, after, focus):
        order, focus = cue_order.moved_order(after, focus)
    final = cue_order.permuted(after, order) if order is not None else after
    label = label.replace("{n}", str(focus + 1 if focus is not None else "?"))  # its new row
    overlaps: tuple[int, ...] = ()
    if focus is not None:  # one sweep finds every overlap; then those of the edited cue
        overlaps = tuple(timing_ops.overlaps_of(final, focus, timing_ops.overlapping(final)))
    return TimingEdit(
        label,
        before,
        after,
        offset,
        focus,
        result.below_zero,
        sparse,
        result.limited,
        overlaps,
        order,
    )


class EditFactory:
    """Builds undoable edits of one track's current state (apply them with `History.do`).

    Timing edits return None when they would change nothing, and raise `EditError` when the
    minimum duration (`timing.MIN_DURATION_MS`) is what stopped them; structural edits raise
    `EditError` when they cannot be made."""

    def __init__(
        self,
        track: Track,
        *,
        history: History | None = None,
        reaction_ms: int = DEFAULT_REACTION_MS,
    ) -> None:
        self.track = track
        self.history = history
        self.reaction_ms = reaction_ms

    @property
    def timing(self) -> Timing:
        """The track's current timing (the history's cached copy when there is one)."""
        return self.history.timing if self.history is not None else self.track.timing

    def shift_all(self, by_ms: int) -> TimingEdit | None:
        """Move every cue by `by_ms` (a global offset: counted in `History.offset_ms`)."""
        before = self.timing
        result = timing_ops.shift(before, by_ms)
        return timing_edit(
            f"Shift all {format_duration(by_ms)}", before, result, offset=by_ms, focus=None
        )

    def shift_from(self, index: int, by_ms: int) -> TimingEdit | None:
        """Move cue `index` and every cue starting at or after it by `by_ms`."""
        _check_index(self.track.events, index)
        before = self.timing
        result = timing_ops.shift(before, by_ms, from_ms=before.starts[index])
        label = f"Shift from cue {index + 1} {format_duration(by_ms)}"
        return timing_edit(label, before, result, focus=index)

    def starts_now(
        self, index: int, playhead_ms: int, *, only_later: bool = False
    ) -> TimingEdit | None:
        """Cue `index` starts at the playhead minus the reaction time: shift every cue, or
        with `only_later` this cue and those starting at or after it."""
        _check_index(self.track.events, index)
        before = self.timing
        by = max(0, playhead_ms - self.reaction_ms) - before.starts[index]
        if only_later:
            result = timing_ops.shift(before, by, from_ms=before.starts[index])
            label = f"Cue {index + 1} and later start now ({format_duration(by)})"
            return timing_edit(label, before, result, focus=index)
        result = timing_ops.shift(before, by)
        label = f"Cue {index + 1} starts now: shift all {format_duration(by)}"
        return timing_edit(label, before, result, offset=by, focus=index)

    def set_start(self, index: int, ms: int) -> TimingEdit | None:
        """Cue `index` starts at `ms` (its end is pushed along if it would come first)."""
        _check_index(self.track.events, index)
        before = self.timing
        result = timing_ops.set_start(before, index, max(0, ms))
        label = f"Cue {{n}} starts at {format_time(result.timing.starts[index])}"
        return timing_edit(label, before, result, focus=index, sparse=True)

    def set_end(self, index: int, ms: int) -> TimingEdit | None:
        """Cue `index` ends at `ms` (not before its start)."""
        _check_index(self.track.events, index)
        before = self.timing
        result = timing_ops.set_end(before, index, ms)
        label = f"Cue {{n}} ends at {format_time(result.timing.ends[index])}"
        return timing_edit(label, before, result, focus=index, sparse=True)

    def nudge(
        self, index: int, *, start_by: int = 0, end_by: int = 0, keep_duration: bool = False
    ) -> TimingEdit | None:
        """Move cue `index`'s start and/or end by a step."""
        _check_index(self.track.events, index)
        before = self.timing
        result = timing_ops.nudge(
            before, index, start_by=start_by, end_by=end_by, keep_duration=keep_duration
        )
        what = "cue" if keep_duration else ("start" if start_by else "end")
        step = start_by or end_by
        label = f"Nudge cue {{n}} {what} {format_duration(step)}"
        return timing_edit(label, before, result, focus=index, sparse=True)

    def resync(self, anchors: Sequence[Anchor]) -> ResyncPreview:
        """Preview of a resync through `anchors`; apply `preview.edit` on confirmation."""
        return resync_preview(self.timing, anchors)

    def anchor_now(self, index: int, playhead_ms: int) -> Anchor:
        """An anchor for "cue `index` is heard now", with this factory's reaction time."""
        _check_index(self.track.events, index)
        return anchor_now(self.timing, index, playhead_ms, self.reaction_ms)

    def _events_edit(
        self, label: str, after: list[pysubs2.SSAEvent], focus: int | None, changed: int = 1
    ) -> EventsEdit:
        return EventsEdit.between(label, self.track.events, after, focus=focus, changed=changed)

    def split(self, index: int, ms: int, text_pos: int | None = None) -> EventsEdit:
        """Split cue `index` at `ms` (the playhead)."""
        after = split_at(self.track.events, index, ms, text_pos)
        return self._events_edit(f"Split cue {index + 1} at {format_time(ms)}", after, index + 1)

    def set_text_and_split(self, index: int, text: str, ms: int, text_pos: int) -> EventsEdit:
        """Cue `index` gets `text`, then splits at `ms` with the text cut at `text_pos`: one
        edit (the text editor's "Split here"); nothing changes if the split cannot be made."""
        after = split_at(set_text(self.track.events, index, text), index, ms, text_pos)
        label = f"Edit and split cue {index + 1} at {format_time(ms)}"
        return self._events_edit(label, after, index + 1)

    def merge_next(self, index: int) -> EventsEdit:
        """Merge cue `index` with the next one."""
        after = merge_next(self.track.events, index)
        return self._events_edit(f"Merge cues {index + 1}–{index + 2}", after, index, 2)

    def delete(self, index: int) -> EventsEdit:
        """Delete cue `index`."""
        after = delete(self.track.events, index)
        return self._events_edit(f"Delete cue {index + 1}", after, min(index, len(after) - 1))

    def insert(self, ms: int, text: str = "", duration: int = 2000) -> EventsEdit:
        """Insert a cue at `ms` (the playhead)."""
        after = insert_at(self.track.events, ms, text, duration)
        pos = insertion_index(self.track.events, ms)
        return self._events_edit(f"Insert cue at {format_time(ms)}", after, pos)

    def set_text(self, index: int, text: str) -> EventsEdit | None:
        """Cue `index` shows `text`; None if that is its text already."""
        events = self.track.events
        after = set_text(events, index, text)
        if after is events:
            return None
        return self._events_edit(f"Edit text of cue {index + 1}", after, index)

    def tidy(self, limits: TidyLimits) -> EventsEdit | None:
        """The tidy operation as one edit (`edit.changed` is the preview count), or None when
        the track already satisfies the limits."""
        result = tidy(self.track.events, limits)
        if not result.changed:
            return None
        label = f"Tidy ({result.changed} cues changed, {result.split} split)"
        return self._events_edit(label, list(result.events), None, result.changed)


__all__ = [
    "DEFAULT_REACTION_MS",
    "EditError",
    "EditFactory",
    "ResyncPreview",
    "anchor_now",
    "resync_preview",
]
