"""SRT and WebVTT read with their source map, and written when converting.

This scanner replaces pysubs2's SRT/VTT readers, which lose data: braces read as ASS tags,
HTML tags other than b/i/u/s dropped, VTT cue settings, identifiers, NOTE/STYLE/REGION blocks
and the header lost (a NOTE after a cue becomes caption text, a STYLE block a cue), and a line
holding two VTT word stamps taken for a timing line. Every cue keeps the span of its block,
number or identifier, timestamps and settings (`source.CueSource`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pysubs2

from captions.errors import CaptionError
from captions.formats.markup import TOP, to_event_text, to_markup
from captions.formats.scanning import CueScan
from captions.formats.source import BlockStyle, SourceMap, Stamp, clock_stamp

_TS = r"-?(?:\d+:)?\d+:\d+[,.]\d+"
#: A timing line: two stamps around `-->`, then (VTT) cue settings.
#: As pysubs2, stray symbols before the first stamp are let through (`\x01 00:01.000 -->`).
TIMING = re.compile(rf"^[^\w<\n]*?({_TS})[ \t]*-->[ \t]*({_TS})(.*)$")
_PARTS = re.compile(r"^(-?)(?:(\d+):)?(\d+):(\d+)(?:[,.](\d+))?$")
#: VTT word stamps inside cue text.
_WORD = re.compile(r"<((?:\d+:)?\d{2}:\d{2}\.\d{3})>")


def stamp_ms(text: str, line_no: int) -> int:
    """ms of an SRT/VTT stamp; CaptionError naming the line if negative or out of range."""
    match = _PARTS.match(text)
    if match is None:
        raise CaptionError(f"malformed timestamp {text!r}", line=line_no)
    sign, hours, minutes, seconds, frac = match.groups()
    if sign:
        raise CaptionError(f"negative timestamp {text}: times must be 0 or later", line=line_no)
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise CaptionError(f"timestamp {text} is out of range", line=line_no)
    ms = (int(hours or 0) * 60 + int(minutes)) * 60_000 + int(seconds) * 1000
    return ms + (int(frac.ljust(3, "0")[:3]) if frac else 0)


def _is_number(line: str) -> bool:
    return line.strip().isdigit()


def scan(text: str, fmt: str) -> tuple[list[pysubs2.SSAEvent], SourceMap]:
    """Cues of an SRT (`fmt="srt"`) or VTT text, with their source map."""
    found = CueScan(text)
    lines, starts = found.lines, found.offsets
    timing_at = [i for i, line in enumerate(lines) if "-->" in line and TIMING.match(line)]
    if fmt == "vtt":
        timing_at = _vtt_cue_lines(lines, timing_at)
    count = len(lines)
    # The VTT header block (WEBVTT and its metadata lines) ends at the first blank line.
    header_end = next((k for k, line in enumerate(lines) if not line.strip()), count)
    for n, i in enumerate(timing_at):
        match = TIMING.match(lines[i])
        assert match is not None
        base = starts[i]
        start = Stamp(base + match.start(1), base + match.end(1), stamp_ms(match.group(1), i + 1))
        end = Stamp(base + match.start(2), base + match.end(2), stamp_ms(match.group(2), i + 1))
        stop = timing_at[n + 1] if n + 1 < len(timing_at) else count
        # Text runs to the next timing line, less its number/identifier and blank lines.
        last = stop - 1
        if fmt == "vtt":
            last = i
            while last + 1 < stop and lines[last + 1].strip():
                last += 1
        else:
            numbered_next = n + 1 < len(timing_at) and last > i and _is_number(lines[last])
            if numbered_next and (last - 1 == i or not lines[last - 1].strip()):
                last -= 1
            while last > i and not lines[last].strip():
                last -= 1
        head = i
        number: tuple[int, int] | None = None
        ident: str | None = None
        if i > 0 and lines[i - 1].strip() and (i < 2 or not lines[i - 2].strip() or fmt == "srt"):
            if fmt == "srt" and _is_number(lines[i - 1]):
                head = i - 1
                stripped = lines[head].strip()
                at = starts[head] + lines[head].index(stripped)
                number = (at, at + len(stripped))
            elif fmt == "vtt" and i - 1 > header_end:
                head = i - 1
                ident = lines[head]
        block_end = starts[last] + len(lines[last])
        text_start = starts[i + 1] if last > i else block_end
        raw = "\n".join(lines[i + 1 : last + 1])
        text_ = to_event_text(raw, fmt)
        if end.ms < start.ms:
            raise CaptionError(f"cue {n + 1} ends before it starts", line=i + 1)
        cue = found.add(start, end.ms, text_, (starts[head], block_end, text_start), end)
        cue.number, cue.ident, cue.settings = number, ident, match.group(3).strip()
        if fmt == "vtt" and "<" in raw:
            cue.words = [
                Stamp(m.start(1), m.end(1), stamp_ms(m.group(1), i + 1))
                for m in _WORD.finditer(text, text_start, block_end)
            ]
    return found.events, found.source_map(srt_style() if fmt == "srt" else vtt_style())


def _vtt_cue_lines(lines: list[str], candidates: list[int]) -> list[int]:
    """Timing lines that start a VTT cue: any not in the header, a NOTE, STYLE or REGION block
    (as the WebVTT parser, a timing line right after cue text starts a new cue)."""
    kept: list[int] = []
    block_first = 0  # first line of the block the scan is in
    pos = 0
    for i in candidates:
        while pos < i:
            pos += 1
            if not lines[pos - 1].strip() and lines[pos].strip():
                block_first = pos
        if lines[block_first].startswith(("NOTE", "STYLE", "REGION")) or i == 0:
            continue  # a block that is not a cue (a cue in the header block is one)
        kept.append(i)
    return kept


def _stamp(ms: int, old: str) -> str:
    return clock_stamp(ms, old)


def _render_text(fmt: str) -> Callable[[pysubs2.SSAEvent, str], str]:
    def render(event: pysubs2.SSAEvent, nl: str) -> str:
        text, _ = to_markup(event, fmt, fmt)
        return text.replace("\n", nl) if nl != "\n" else text

    return render


def srt_time(ms: int, sep: str = ",") -> str:
    h, rest = divmod(max(0, ms), 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:03d}"


def srt_style() -> BlockStyle:
    render = _render_text("srt")

    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        times = f"{srt_time(event.start)} --> {srt_time(event.end)}"
        return nl.join([str(number), times, render(event, nl)])

    return BlockStyle(render, block, _stamp, numbered=True)


def vtt_style() -> BlockStyle:
    render = _render_text("vtt")

    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        times = f"{srt_time(event.start, '.')} --> {srt_time(event.end, '.')}"
        return nl.join([times, render(event, nl)])

    return BlockStyle(render, block, _stamp, drop_ident=True)


def convert(
    events: list[pysubs2.SSAEvent], fmt: str, source_fmt: str, source: SourceMap | None
) -> tuple[str, list[str]]:
    """Events as a new SRT or VTT file, and what the target cannot hold."""
    losses: set[str] = set()
    counts: dict[str, int] = {}
    parts: list[str] = ["WEBVTT\n\n"] if fmt == "vtt" else []
    number = 0
    for event in events:
        if event.is_comment:
            continue
        number += 1
        cue = source.cue_of(event) if source is not None else None
        text, align = to_markup(event, fmt, source_fmt, losses)
        settings = cue.settings if cue is not None else ""
        ident = cue.ident if cue is not None else None
        sep = "," if fmt == "srt" else "."
        head = f"{srt_time(event.start, sep)} --> {srt_time(event.end, sep)}"
        if fmt == "srt":
            if settings:
                kept = [s for s in settings.split() if s == "line:0"]
                if kept and align is None:
                    text = "{\\an8}" + text
                if len(kept) != len(settings.split()):
                    counts["VTT cue settings"] = counts.get("VTT cue settings", 0) + 1
            if ident is not None and ident.strip().isdigit() and int(ident) >= number:
                number = int(ident)  # a numeric VTT identifier becomes the SRT number
            elif ident is not None:
                counts["VTT cue identifiers"] = counts.get("VTT cue identifiers", 0) + 1
            parts.append(f"{number}\n{head}\n{text}\n\n")
        else:
            if settings:
                head += " " + settings
            elif align in TOP:
                head += " line:0"
            if ident is None and cue is not None and cue.number is not None and source:
                ident = source.text[cue.number[0] : cue.number[1]]
            parts.append((f"{ident}\n" if ident else "") + f"{head}\n{text}\n\n")
    warnings = [
        f"{what} on {n} cue{'s' * (n != 1)} are not kept in {fmt.upper()}"
        for what, n in counts.items()
    ]
    warnings.extend(f"{what} are not kept in {fmt.upper()}" for what in sorted(losses))
    body = "".join(parts)
    return (body[:-1] if body.endswith("\n\n") else body), warnings
