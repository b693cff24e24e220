"""Undoable edits of a `Track` and the linear undo/redo history that applies them.

Two kinds of edit:

- `TimingEdit` sets every cue's start and end (`Track.apply_timing`): it mutates the events in
  place, which is cheap at any size (tuples of ints).
- `EventsEdit` replaces the event list (split, merge, delete, insert, text, tidy, restore). Its
  `before`/`after` lists hold references; cues it changes are new `SSAEvent` objects, cues it
  keeps are shared between the two lists.

Why mixing them is exact: the history is strictly last-in first-out, so an edit is only ever
reverted in the state its apply produced, and only re-applied in the state its revert produced.
A `TimingEdit` stores absolute times (not deltas), so reverting it restores every start/end it
touched, including those of events shared with an `EventsEdit` further down the stack; by
induction every state on the stack is restored exactly. Two rules keep this true: every change to
the events goes through `History.do` (never edit `track.events` directly), and editing operations
never mutate an event in place (they copy it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, count
from operator import ne, or_
from typing import Protocol

import pysubs2

from captions.track import Timing, Track, WordTime
from captions.word_times import follow_events, follow_timing

_serial = count(1)


class Edit(Protocol):
    """What the history needs from an edit."""

    @property
    def label(self) -> str:
        """Short description for menus and the journal ("Shift all +100 ms")."""
        ...

    @property
    def offset_ms(self) -> int:
        """Global shift this edit adds to the total offset shown in the status bar."""
        ...

    def apply(self, track: Track) -> None:
        """Change the track from the state before the edit to the state after it."""
        ...

    def revert(self, track: Track) -> None:
        """Undo `apply`, given the state `apply` produced."""
        ...


@dataclass(frozen=True, eq=False)
class TimingEdit:
    """Set every cue's start and end: from `before` to `after` (same cue count)."""

    label: str
    before: Timing
    after: Timing
    offset_ms: int = 0
    #: Cue the UI should show after the edit, if any.
    focus: int | None = None
    #: How many starts the operation clamped at 0.
    clamped: int = 0
    #: Few cues move (a per-cue edit): apply touches only those instead of every cue.
    sparse: bool = False

    _moved: list[int] | None = field(default=None, init=False, repr=False)
    #: Word times this edit's last apply replaced (index -> words before, None: there were
    #: none), for revert.
    _words_before: dict[int, tuple[WordTime, ...] | None] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        if len(self.before) != len(self.after):
            raise ValueError("a timing edit must keep the cue count")

    def moved_indices(self) -> list[int]:
        """Indices of the cues whose start or end this edit changes (computed once)."""
        if self._moved is None:
            b, a = self.before, self.after
            flags = map(or_, map(ne, b.starts, a.starts), map(ne, b.ends, a.ends))
            object.__setattr__(self, "_moved", list(compress(range(len(a)), flags)))
        assert self._moved is not None
        return self._moved

    def moved(self) -> int:
        """How many cues this edit moves."""
        return len(self.moved_indices())

    def _set(self, track: Track, timing: Timing) -> None:
        if not self.sparse:
            track.apply_timing(timing)
            return
        moved = self.moved_indices()
        events, starts, ends = track.events, timing.starts, timing.ends
        if len(events) != len(timing):
            raise ValueError("timing does not match the track's cue count")
        for i in moved:
            event = events[i]
            event.start = starts[i]
            event.end = ends[i]

    def apply(self, track: Track) -> None:
        self._set(track, self.after)
        # Words move with their cues; the replaced entries are kept for an exact revert.
        words = track.word_times
        candidates = self.moved_indices() if self.sparse else None
        moved = follow_timing(words, self.before, self.after, candidates) if words else {}
        replaced: dict[int, tuple[WordTime, ...] | None] = {i: words[i] for i in moved}
        object.__setattr__(self, "_words_before", replaced)
        words.update(moved)

    def revert(self, track: Track) -> None:
        self._set(track, self.before)
        for index, words in self._words_before.items():
            if words is None:
                track.word_times.pop(index, None)
            else:
                track.word_times[index] = words


@dataclass(frozen=True, eq=False)
class EventsEdit:
    """Replace the whole event list: from `before` to `after` (lists of references)."""

    label: str
    before: tuple[pysubs2.SSAEvent, ...]
    after: tuple[pysubs2.SSAEvent, ...]
    offset_ms: int = 0
    focus: int | None = None
    #: Cues the operation changed (for previews such as tidy's).
    changed: int = field(default=0)
    #: The track's word times before the last apply, for revert.
    _words_before: dict[int, tuple[WordTime, ...]] = field(
        default_factory=dict, init=False, repr=False
    )

    @classmethod
    def between(
        cls,
        label: str,
        before: list[pysubs2.SSAEvent],
        after: list[pysubs2.SSAEvent],
        *,
        focus: int | None = None,
        offset_ms: int = 0,
        changed: int = 0,
    ) -> EventsEdit:
        """Build from two lists (copied into tuples so later list edits cannot leak in)."""
        return cls(label, tuple(before), tuple(after), offset_ms, focus, changed)

    def apply(self, track: Track) -> None:
        track.subs.events = list(self.after)
        # Word times are keyed by index: keep them with the events kept, drop the touched.
        object.__setattr__(self, "_words_before", track.word_times)
        track.word_times = follow_events(track.word_times, self.before, self.after)

    def revert(self, track: Track) -> None:
        track.subs.events = list(self.before)
        track.word_times = self._words_before


@dataclass(frozen=True, eq=False)
class CompoundEdit:
    """Several edits as one undoable step: applied in order, reverted in reverse."""

    label: str
    parts: tuple[Edit, ...]

    @property
    def offset_ms(self) -> int:
        return sum(part.offset_ms for part in self.parts)

    def apply(self, track: Track) -> None:
        for part in self.parts:
            part.apply(track)

    def revert(self, track: Track) -> None:
        for part in reversed(self.parts):
            part.revert(track)


class History:
    """Unlimited linear undo/redo of the edits of one track, with a saved point for `dirty`."""

    def __init__(self, track: Track) -> None:
        self.track = track
        self._done: list[tuple[int, Edit]] = []
        self._undone: list[tuple[int, Edit]] = []
        self._saved: int = 0
        self._offset = 0
        self._timing: Timing | None = None

    @property
    def timing(self) -> Timing:
        """The track's current timing, cached from the last timing edit (an edit's `after` is
        the next edit's `before`, so building it is free); checked cheaply against the events
        and rebuilt when stale."""
        cached, events = self._timing, self.track.events
        n = len(events)
        if cached is not None and len(cached) == n:
            probes = (0, n // 3, n // 2, n - 1) if n else ()
            if all(
                events[i].start == cached.starts[i] and events[i].end == cached.ends[i]
                for i in probes
            ):
                return cached
        self._timing = self.track.timing
        return self._timing

    def _applied(self, edit: Edit, undone: bool) -> None:
        self.track.changed()
        if isinstance(edit, TimingEdit):
            self._timing = edit.before if undone else edit.after
        else:
            self._timing = None

    @property
    def _position(self) -> int:
        """Serial of the edit that produced the current state (0 for the state as opened)."""
        return self._done[-1][0] if self._done else 0

    def do(self, edit: Edit) -> Edit:
        """Apply `edit` and push it on the undo stack; the redo stack is dropped."""
        edit.apply(self.track)
        self._applied(edit, undone=False)
        self._done.append((next(_serial), edit))
        self._undone.clear()
        self._offset += edit.offset_ms
        return edit

    def undo(self) -> Edit | None:
        """Revert the last edit; returns it, or None when there is nothing to undo."""
        if not self._done:
            return None
        entry = self._done.pop()
        entry[1].revert(self.track)
        self._applied(entry[1], undone=True)
        self._undone.append(entry)
        self._offset -= entry[1].offset_ms
        return entry[1]

    def redo(self) -> Edit | None:
        """Re-apply the last undone edit; returns it, or None when there is nothing to redo."""
        if not self._undone:
            return None
        entry = self._undone.pop()
        entry[1].apply(self.track)
        self._applied(entry[1], undone=False)
        self._done.append(entry)
        self._offset += entry[1].offset_ms
        return entry[1]

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str | None:
        """Label of the edit `undo` would revert."""
        return self._done[-1][1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        """Label of the edit `redo` would re-apply."""
        return self._undone[-1][1].label if self._undone else None

    @property
    def labels(self) -> list[str]:
        """Labels of the applied edits, oldest first."""
        return [edit.label for _, edit in self._done]

    @property
    def dirty(self) -> bool:
        """True when the current state is not the one last saved (or opened)."""
        return self._position != self._saved

    def mark_saved(self) -> None:
        """The current state is what the file now holds."""
        self._saved = self._position

    def mark_unsaved(self) -> None:
        """No state in the history is what the file holds (e.g. it changed on disk)."""
        self._saved = -1

    @property
    def offset_ms(self) -> int:
        """Total of the global shifts currently applied (undo takes them back)."""
        return self._offset

    def __len__(self) -> int:
        return len(self._done)
