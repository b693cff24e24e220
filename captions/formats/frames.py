"""MicroDVD (`{frame}{frame}text`) and MPL2 (`[decisecond][decisecond]text`): pysubs2 parses,
this module maps each event to its line so a save in the same format keeps the file (a
MicroDVD file never gains a `{1}{1}fps` line it did not have)."""

from __future__ import annotations

import dataclasses
import io
import re

import pysubs2
from pysubs2.formats.microdvd import MICRODVD_LINE, MicroDVDFormat
from pysubs2.formats.mpl2 import MPL2Format
from pysubs2.time import ms_to_frames

from captions.errors import CaptionError
from captions.formats.source import (
    BlockStyle,
    CueSource,
    SourceEvent,
    SourceMap,
    Stamp,
    split_lines,
)

_FIELDS = tuple(f.name for f in dataclasses.fields(pysubs2.SSAEvent))
_MPL2_LINE = re.compile(r"^\[(-?\d+)\]\[(-?\d+)\]")
_HEAD = {"microdvd": re.compile(r"^ *\{ *\d+ *\} *\{ *\d+ *\}"), "mpl2": _MPL2_LINE}


def scan(subs: pysubs2.SSAFile, text: str, fmt: str, fps: float | None) -> SourceMap:
    """Map the events pysubs2 read from `text` to their lines (events become SourceEvents)."""
    lines, offsets = split_lines(text)
    pattern = MICRODVD_LINE if fmt == "microdvd" else _MPL2_LINE
    rate = subs.fps or fps or 0.0
    spots = []
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if match is None:
            continue
        if fmt == "mpl2" and (match.group(1).startswith("-") or match.group(2).startswith("-")):
            raise CaptionError("negative timestamp: times must be 0 or later", line=i + 1)
        spots.append((i, match))
    if fmt == "microdvd" and subs.fps is not None and spots:
        spots = spots[1:]  # the `{1}{1}fps` declaration, not a cue
    if len(spots) != len(subs.events):
        raise CaptionError(f"cannot map the {len(subs.events)} {fmt} events to their lines")
    cues: list[CueSource] = []
    events: list[pysubs2.SSAEvent] = []
    for n, ((i, match), loaded) in enumerate(zip(spots, subs.events, strict=True)):
        base = offsets[i]
        event = SourceEvent(**{f: getattr(loaded, f) for f in _FIELDS}, origin=n)
        start = Stamp(base + match.start(1), base + match.end(1), loaded.start)
        end = Stamp(base + match.start(2), base + match.end(2), loaded.end)
        head = _HEAD[fmt].match(line := lines[i])
        assert head is not None
        cues.append(CueSource(event, base, base + len(line), base + head.end(), start, end))
        events.append(event)
    subs.events = events
    return SourceMap(text, cues, _style(fmt, rate))


def _style(fmt: str, fps: float) -> BlockStyle:
    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        single = pysubs2.SSAFile()
        single.events = [pysubs2.SSAEvent(**{f: getattr(event, f) for f in _FIELDS})]
        out = io.StringIO()
        if fmt == "microdvd":
            MicroDVDFormat.to_file(single, out, fmt, fps=fps, write_fps_declaration=False)
        else:
            MPL2Format.to_file(single, out, fmt)
        return out.getvalue().rstrip("\n")

    def render_text(event: pysubs2.SSAEvent, nl: str) -> str:
        written = block(event, 0, nl)
        head = _HEAD[fmt].match(written)
        return written[head.end() :] if head else written

    def stamp(ms: int, old: str) -> str:
        if fmt == "microdvd":
            return str(ms_to_frames(max(0, ms), fps))
        return str(round(max(0, ms) / 100))

    return BlockStyle(render_text, block, stamp, text_on_own_line=False)
