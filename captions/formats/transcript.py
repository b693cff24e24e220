"""Timestamped transcript: a line `[mm:ss.xxx]` (or `[h:mm:ss.xxx]`, `.xx`) starts a cue and the
non-empty lines after it, up to the next timestamp, are its text. There are no end times."""

from __future__ import annotations

import re
from typing import Any, TextIO

import pysubs2
from pysubs2.formats.base import FormatBase

from captions.errors import CaptionError
from captions.formats.reading_time import open_ended_ends
from captions.formats.scanning import CueScan
from captions.formats.source import BlockStyle, SourceMap, Stamp, clock_stamp
from captions.timecode import format_time, fraction_to_ms

#: A line holding only a timestamp.
TIMESTAMP_LINE = re.compile(r"^\[(?:(\d+):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?\]$")


def parse_stamp(match: re.Match[str], line_no: int) -> int:
    """ms of a TIMESTAMP_LINE match; CaptionError naming the line when out of range."""
    hours, minutes, seconds, frac = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise CaptionError(f"timestamp {match.group(0)} is out of range", line=line_no)
    return (
        int(hours or 0) * 3_600_000
        + int(minutes) * 60_000
        + int(seconds) * 1000
        + (fraction_to_ms(frac))
    )


def timestamp_lines(text: str) -> int:
    """How many lines (of the first 2000) hold only a timestamp."""
    return sum(1 for line in text.splitlines()[:2000] if TIMESTAMP_LINE.match(line.strip()))


#: Cues before the last that must share one shape before trailing text is told from a cue.
FOOTER_EVIDENCE = 20


def _lines_note(count: int) -> str:
    return f"{count} line{'s' * (count != 1)}"


def scan(
    text: str, media_duration_ms: int | None = None, warnings: list[str] | None = None
) -> tuple[list[pysubs2.SSAEvent], SourceMap]:
    """Cues of a transcript with their source map.

    Page text is kept in the file but is not a cue: the lines before the first timestamp, and
    trailing text. The rule for trailing text: when at least `FOOTER_EVIDENCE` cues come before
    the last and all have the same number of text lines k, the last cue's lines after its
    first k are page text (a footer such as "Sign up for free to join this conversation..."
    after one-line cues). Both are reported in `warnings` with their line counts.
    """
    notes = warnings if warnings is not None else []
    found = CueScan(text)
    lines, offsets = found.lines, found.offsets
    stamps: list[tuple[int, Stamp]] = []
    bodies: list[list[int]] = []
    skipped = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        match = TIMESTAMP_LINE.match(line)
        if match:
            line_no = i + 1
            ms = parse_stamp(match, line_no)
            if stamps and ms < stamps[-1][1].ms:
                raise CaptionError(
                    f"timestamp {line} is earlier than the one before it "
                    f"({format_time(stamps[-1][1].ms)}); timestamps must not go backwards",
                    line=line_no,
                )
            at = offsets[i] + raw.index("[") + 1
            stamps.append((i, Stamp(at, at + len(line) - 2, ms)))
            bodies.append([])
        elif not line:
            continue
        elif line[:1] == "[" and line[1:2].isdigit() and line[-1:] == "]" and ":" in line:
            raise CaptionError(
                f"malformed timestamp {line[:40]}: expected [mm:ss.xxx] or [h:mm:ss.xxx]",
                line=i + 1,
            )
        elif stamps:
            bodies[-1].append(i)
        else:
            skipped += 1
    if not stamps:
        raise CaptionError("no [mm:ss.xxx] timestamp lines found")
    if skipped:
        notes.append(f"skipped {_lines_note(skipped)} of text before the first timestamp")
    shapes = {len(body) for body in bodies[:-1]}
    if len(bodies) > FOOTER_EVIDENCE and len(shapes) == 1:
        keep = max(shapes.pop(), 1)
        extra = bodies[-1][keep:]
        if extra:
            del bodies[-1][keep:]
            notes.append(
                f"{_lines_note(len(extra))} of text after the last cue taken as page text "
                "(kept in the file, not shown)"
            )
    texts = ["\n".join(lines[j].strip() for j in body) for body in bodies]
    ends = open_ended_ends([s.ms for _, s in stamps], texts, media_duration_ms)
    for (i, stamp), body, text_, end in zip(stamps, bodies, texts, ends, strict=True):
        last = body[-1] if body else i
        block_end = offsets[last] + len(lines[last])
        text_start = offsets[i + 1] if body else block_end
        found.add(stamp, end, text_.replace("\n", "\\N"), (offsets[i], block_end, text_start))
    return found.events, found.source_map(transcript_style())


def _render_text(event: pysubs2.SSAEvent, nl: str) -> str:
    return nl.join(event.plaintext.strip("\n").split("\n"))


def transcript_style() -> BlockStyle:
    """How new transcript cues are written: `[mm:ss.xxx]`, then the text lines."""

    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        body = _render_text(event, nl)
        return f"[{format_time(max(0, event.start))}]" + (nl + body if body else "")

    def stamp(ms: int, old: str) -> str:
        return clock_stamp(ms, old, hours_when_needed=1)

    return BlockStyle(_render_text, block, stamp)


def looks_like_transcript(text: str) -> bool:
    """True when some line holds only a timestamp (checked on a prefix of the file)."""
    return timestamp_lines(text) > 0


class TranscriptFormat(FormatBase):
    """pysubs2 format class for timestamped transcripts (identifier `transcript`)."""

    @classmethod
    def guess_format(cls, text: str) -> str | None:
        return "transcript" if looks_like_transcript(text) else None

    @classmethod
    def from_file(cls, subs: pysubs2.SSAFile, fp: TextIO, format_: str, **kwargs: Any) -> None:
        events, _ = scan(fp.read(), kwargs.get("media_duration_ms"), kwargs.get("warnings", []))
        subs.events.extend(events)

    @classmethod
    def to_file(cls, subs: pysubs2.SSAFile, fp: TextIO, format_: str, **kwargs: Any) -> None:
        hours = any(e.start >= 3_600_000 for e in subs.events)
        for event in subs.events:
            if not event.is_text:
                continue
            fp.write(f"[{format_time(max(0, event.start), hours=hours)}]\n")
            text = event.plaintext.strip("\n")
            fp.write(text + "\n" if text else "")
