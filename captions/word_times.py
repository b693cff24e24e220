"""Word times following edits: `Track.word_times` is keyed by event index, so every edit that
moves cues or changes the event list must carry the words along (or drop them).

- A timing edit moves a cue's words by the cue's own transform: the same shift when the cue
  keeps its length, else the linear map of its old span onto its new one (a speed change).
- An event-list edit (split, join, delete, insert, text, tidy) never mutates an event: a cue it
  touched is a new object. Words stay with the event objects that are kept, at their new index;
  the touched cues' words are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import pysubs2

from captions.track import Timing, WordTime

WordTimes = dict[int, tuple[WordTime, ...]]


def retime_words(
    words: tuple[WordTime, ...], old: tuple[int, int], new: tuple[int, int]
) -> tuple[WordTime, ...]:
    """`words` of a cue that spanned `old` (start, end) and now spans `new`."""
    (old_start, old_end), (new_start, new_end) = old, new
    if old == new:
        return words
    if old_end - old_start == new_end - new_start or old_end <= old_start:
        delta = new_start - old_start
        return tuple(WordTime(w.text, w.start_ms + delta, w.end_ms + delta) for w in words)
    scale = (new_end - new_start) / (old_end - old_start)

    def moved(ms: int) -> int:
        return round(new_start + (ms - old_start) * scale)

    return tuple(WordTime(w.text, moved(w.start_ms), moved(w.end_ms)) for w in words)


def follow_timing(word_times: WordTimes, before: Timing, after: Timing) -> WordTimes:
    """The words of the cues `before` -> `after` moved, as a dict of the changed entries only."""
    changed: WordTimes = {}
    for index, words in word_times.items():
        if index >= len(before) or index >= len(after):
            continue
        old = (before.starts[index], before.ends[index])
        new = (after.starts[index], after.ends[index])
        if old != new:
            changed[index] = retime_words(words, old, new)
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
