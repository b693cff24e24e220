"""Timestamped transcript: a line `[mm:ss.xxx]` (or `[h:mm:ss.xxx]`, `.xx`) starts a cue and the
non-empty lines after it, up to the next timestamp, are its text. There are no end times."""

from __future__ import annotations

import re
from typing import Any, TextIO

import pysubs2
from pysubs2.formats.base import FormatBase

from captions.errors import CaptionError
from captions.formats.reading_time import open_ended_ends
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
        media_duration_ms: int | None = kwargs.get("media_duration_ms")
        warnings: list[str] = kwargs.get("warnings", [])
        starts: list[int] = []
        texts: list[list[str]] = []
        skipped = 0
        for line_no, raw in enumerate(fp, start=1):
            line = raw.strip()
            match = TIMESTAMP_LINE.match(line)
            if match:
                start = parse_stamp(match, line_no)
                if starts and start < starts[-1]:
                    raise CaptionError(
                        f"timestamp {line} is earlier than the one before it "
                        f"({format_time(starts[-1])}); timestamps must not go backwards",
                        line=line_no,
                    )
                starts.append(start)
                texts.append([])
            elif not line:
                continue
            elif line[:1] == "[" and line[1:2].isdigit() and line[-1:] == "]" and ":" in line:
                raise CaptionError(
                    f"malformed timestamp {line[:40]}: expected [mm:ss.xxx] or [h:mm:ss.xxx]",
                    line=line_no,
                )
            elif starts:
                texts[-1].append(line)
            else:
                skipped += 1
        if not starts:
            raise CaptionError("no [mm:ss.xxx] timestamp lines found")
        if skipped:
            warnings.append(
                f"skipped {skipped} line{'s' * (skipped != 1)} of text before the first timestamp"
            )
        joined = ["\n".join(lines) for lines in texts]
        ends = open_ended_ends(starts, joined, media_duration_ms)
        for start, end, text in zip(starts, ends, joined, strict=True):
            event = pysubs2.SSAEvent(start=start, end=end)
            event.plaintext = text
            subs.events.append(event)

    @classmethod
    def to_file(cls, subs: pysubs2.SSAFile, fp: TextIO, format_: str, **kwargs: Any) -> None:
        hours = any(e.start >= 3_600_000 for e in subs.events)
        for event in subs.events:
            if not event.is_text:
                continue
            fp.write(f"[{format_time(max(0, event.start), hours=hours)}]\n")
            text = event.plaintext.strip("\n")
            fp.write(text + "\n" if text else "")
