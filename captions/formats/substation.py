"""ASS/SSA: pysubs2 parses, this module maps each event to its `Dialogue:`/`Comment:` line.

pysubs2 reads events right; what it loses is in the rest of the file when it writes one
(`;` comments replaced, [Aegisub Extradata] moved, SSA BackColour alpha dropped), so a save in
the same format writes the source back with only the touched lines changed. Its style reader
takes ` 0` (a spaced field, `0, 0, 0, 0`) as true; style lines are given to it unspaced.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pysubs2
from pysubs2.formats.substation import SubstationFormat

from captions.errors import CaptionError
from captions.formats.source import (
    BlockStyle,
    CueSource,
    SourceEvent,
    SourceMap,
    Stamp,
    clock_stamp,
    split_lines,
)

_STYLE_LINE = re.compile(r"^([ \t]*Style:)(.*)$", re.MULTILINE)
_SECTION = re.compile(r"^\s*\[([^\]]*)\]\s*$")
_ASS_STAMP = re.compile(r"^(-?)(\d+):(\d{1,2}):(\d{1,2})(?:[.:](\d+))?$")
_FIELDS = frozenset(f.name for f in dataclasses.fields(pysubs2.SSAEvent))


def _unspaced_styles(text: str) -> str:
    return _STYLE_LINE.sub(lambda m: m.group(1) + re.sub(r"[ \t]*,[ \t]*", ",", m.group(2)), text)


def _ms(stamp: str, line_no: int) -> int:
    match = _ASS_STAMP.match(stamp)
    if match is None:
        raise CaptionError(f"malformed timestamp {stamp!r}", line=line_no)
    sign, h, m, s, frac = match.groups()
    if sign:
        raise CaptionError(f"negative timestamp {stamp}: times must be 0 or later", line=line_no)
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0")[:3])


def scan(text: str, fmt: str) -> tuple[pysubs2.SSAFile, SourceMap]:
    """The file as pysubs2 reads it (events as `SourceEvent`s) and its source map."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    subs = pysubs2.SSAFile()
    SubstationFormat.from_file(subs, io.StringIO(_unspaced_styles(normal)), fmt)
    lines, offsets = split_lines(text)
    section = ""
    columns = ["layer", "start", "end", "style", "name", "marginl", "marginr", "marginv"]
    spots: list[tuple[int, list[int]]] = []
    for i, line in enumerate(lines):
        heading = _SECTION.match(line)
        if heading:
            section = heading.group(1).strip().lower()
            continue
        if section != "events":
            continue
        stripped = line.lstrip()
        if stripped.lower().startswith("format:"):
            columns = [c.strip().lower() for c in stripped.split(":", 1)[1].split(",")]
        elif stripped.startswith(("Dialogue:", "Comment:")):
            head = offsets[i] + len(line) - len(stripped) + stripped.index(":") + 1
            commas = [head - 1]
            pos = head
            for _ in range(len(columns) - 1):
                pos = text.find(",", pos, offsets[i] + len(line))
                if pos < 0:
                    break
                commas.append(pos)
                pos += 1
            spots.append((i, commas))
    if len(spots) != len(subs.events):
        raise CaptionError(
            f"cannot map the {len(subs.events)} events to their lines; not saved losslessly"
        )
    start_col = columns.index("start") if "start" in columns else 1
    end_col = columns.index("end") if "end" in columns else 2
    cues: list[CueSource] = []
    events: list[pysubs2.SSAEvent] = []
    for n, ((i, commas), loaded) in enumerate(zip(spots, subs.events, strict=True)):
        line_end = offsets[i] + len(lines[i])
        bounds = [*commas, line_end]

        def field(col: int, i: int = i, bounds: list[int] = bounds) -> Stamp:
            a, b = bounds[col] + 1, bounds[col + 1]
            raw = text[a:b]
            a += len(raw) - len(raw.lstrip())
            b -= len(raw) - len(raw.rstrip())
            return Stamp(a, b, _ms(text[a:b], i + 1))

        start, end = field(start_col), field(end_col)
        values = {f: getattr(loaded, f) for f in _FIELDS}
        event = SourceEvent(**values, origin=n)
        text_start = commas[-1] + 1 if len(commas) == len(columns) else line_end
        line_start = offsets[i] + len(lines[i]) - len(lines[i].lstrip())
        cues.append(CueSource(event, line_start, line_end, text_start, start, end))
        events.append(event)
    subs.events = events
    return subs, SourceMap(text, cues, _style(subs, fmt))


def _style(subs: pysubs2.SSAFile, fmt: str) -> BlockStyle:
    def render_text(event: pysubs2.SSAEvent, nl: str) -> str:
        return event.text.replace("\n", "\\N")

    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        single = pysubs2.SSAFile()
        single.styles = subs.styles
        plain = pysubs2.SSAEvent(**{f: getattr(event, f) for f in _FIELDS})
        single.events = [plain]
        out = io.StringIO()
        SubstationFormat.to_file(single, out, fmt)
        return out.getvalue().rstrip("\n").rsplit("\n", 1)[-1]

    def stamp(ms: int, old: str) -> str:
        return clock_stamp(ms, old, hours_when_needed=1)

    return BlockStyle(render_text, block, stamp, text_on_own_line=False)
