"""What the project's own readers (SRT/VTT, LRC, transcript) share: the lines of the text with
their offsets, and the cues found so far, each an event numbered by its place in the file with
the spans it came from; at the end, the source map."""

from __future__ import annotations

import pysubs2

from captions.formats.source import (
    BlockStyle,
    BraceTextEvent,
    CueSource,
    SourceMap,
    Stamp,
    split_lines,
)


class CueScan:
    """The cues of one text, collected in file order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines, self.offsets = split_lines(text)
        self.events: list[pysubs2.SSAEvent] = []
        self.cues: list[CueSource] = []

    def add(
        self,
        start: Stamp,
        end_ms: int,
        text: str,
        spans: tuple[int, int, int],
        end: Stamp | None = None,
    ) -> CueSource:
        """A cue from `start` to `end_ms` with event text `text`; `spans` are its block start,
        block end and text start in the source; `end` the stamp its end was read from."""
        event = BraceTextEvent(start=start.ms, end=end_ms, text=text)
        event.origin = len(self.cues)
        block_start, block_end, text_start = spans
        cue = CueSource(event, block_start, block_end, text_start, start, end)
        self.events.append(event)
        self.cues.append(cue)
        return cue

    def source_map(self, style: BlockStyle) -> SourceMap:
        """The source map of the cues found, written back in `style`."""
        return SourceMap(self.text, self.cues, style)
