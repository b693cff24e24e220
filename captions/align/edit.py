"""Forced alignment as one undoable edit: cue starts and ends from the speech, and the words'
times kept on the track (`Track.word_times`); undo takes both back."""

from __future__ import annotations

from dataclasses import dataclass, field

from captions.edits import TimingEdit
from captions.track import Track, WordTime


@dataclass(frozen=True, eq=False)
class AlignEdit(TimingEdit):
    """A timing edit that also sets the word times of the aligned cues (`words`)."""

    words: dict[int, tuple[WordTime, ...]] = field(default_factory=dict)

    def apply(self, track: Track) -> None:
        previous = {i: track.word_times.get(i) for i in self.words}
        super().apply(track)
        # The speech's words replace whatever the timing move made of the old ones.
        replaced = {**self._words_before, **previous}
        object.__setattr__(self, "_words_before", replaced)
        track.word_times.update(self.words)
