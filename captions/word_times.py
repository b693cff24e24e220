"""Word times following edits: `Track.word_times` is keyed by event index, so every edit that
moves cues or changes the event list must carry the words along (or drop them).

- A timing edit moves a cue's words by the cue's own transform: the same shift when the cue
  keeps its length, else the linear map of its old span onto its new one (a speed change).
- An event-list edit (split, join, delete, insert, text, tidy) never mutates an event: a cue it
  touched is a new object. Words stay with the event objects that are kept, at their new index;
  the touched cues' words are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pysubs2

from captions.track import Timing, WordTime

WordTimes = dict[int, tuple[WordTime, ...]]


def _word(text: str, start_ms: int, end_ms: int) -> WordTime:
    # tuple.__new__ skips the named tuple's Python-level __new__: twice as fast, same object.
    return tuple.__new__(WordTime, (text, start_ms, end_ms))


def retime_words(
    words: tuple[WordTime, ...], old: tuple[int, int], new: tuple[int, int]
) -> tuple[WordTime, ...]:
    """`words` of a cue that spanned `old` (start, end) and now spans `new`."""
    (old_start, old_end), (new_start, new_end) = old, new
    if old == new:
        return words
    if old_end - old_start == new_end - new_start or old_end <= old_start:
        delta = new_start - old_start
        return tuple([_word(t, s + delta, e + delta) for t, s, e in words])
    scale = (new_end - new_start) / (old_end - old_start)

    def moved(ms: int) -> int:
        return round(new_start + (ms - old_start) * scale)

    return tuple([_word(t, moved(s), moved(e)) for t, s, e in words])


def follow_timing(
    word_times: WordTimes, before: Timing, after: Timing, moved: Sequence[int] | None = None
) -> WordTimes:
    """The words of the cues `before` -> `after` moved, as a dict of the changed entries only.
    `moved`: the indices whose timing changed, when known (a per-cue edit looks at those)."""
    changed: WordTimes = {}
    if moved is not None and len(moved) < len(word_times):
        indices: Iterable[int] = (i for i in moved if i in word_times)
    else:
        indices = word_times.keys()
    b_starts, b_ends, a_starts, a_ends = before.starts, before.ends, after.starts, after.ends
    count = min(len(before), len(after))
    for index in indices:
        if index >= count:
            continue
        old = (b_starts[index], b_ends[index])
        new = (a_starts[index], a_ends[index])
        if old != new:
            changed[index] = retime_words(word_times[index], old, new)
    return changed


def follow_events(
    word_times: WordTimes,
    before: Sequence[pysubs2.SSAEvent],
    after: Sequence[pysubs2.SSAEvent],
) -> WordTimes:
    """The words re-keyed for the event list `after`: each kept event object keeps its words at
    its new index; events that are new (touched by the edit) have none."""
    if not word_times:
        return {}
    old_index = {id(event): i for i, event in enumerate(before) if i in word_times}
    kept: WordTimes = {}
    for j, event in enumerate(after):
        i = old_index.get(id(event))
        if i is not None:
            kept[j] = word_times[i]
    return kept
