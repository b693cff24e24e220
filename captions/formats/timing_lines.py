"""Checks of SRT/VTT timing lines that pysubs2 lets through.

pysubs2 takes any line with two timestamps as a timing line and everything else as text, so a
malformed timing line silently becomes caption text, and `00:61:05,000` or `999:00:05,000`
(read as 99 h) load as if valid. The check is one C-speed regex pass when every timing line is
well formed; only a file with something odd pays for the line-by-line look.
"""

from __future__ import annotations

import re

from pysubs2.formats.subrip import SubripFormat
from pysubs2.formats.webvtt import WebVTTFormat

from captions.errors import CaptionError

_FIELD = r"(?:\d{1,2}:)?[0-5]\d:[0-5]\d[,.]\d{1,3}"
#: A well-formed timing line (hours of up to two digits, minutes and seconds below 60).
_GOOD = re.compile(rf"^[ \t]*{_FIELD}[ \t]*-->[ \t]*{_FIELD}", re.MULTILINE)
#: Anything shaped like a timestamp, for classifying an odd line.
_STAMP = re.compile(r"(\d+):(\d+):(\d+)(?:[,.](\d+))?|(\d+):(\d+)[,.](\d+)")
#: A caption line with an arrow but no time in it is text, not a broken timing line.
_TIMEISH = re.compile(r"\d\s*:\s*\d")


def check_timing_lines(text: str, max_ms: int, fmt: str = "srt") -> None:
    """Raise CaptionError (with the line number) for a malformed or out-of-range timing line.

    A line with `-->` and a time in it is malformed when pysubs2 (whose timestamp pattern for
    `fmt` decides what is a timing line) would not take it as one.
    """
    if len(_GOOD.findall(text)) == text.count("-->"):
        return
    pysubs2_stamp = WebVTTFormat.TIMESTAMP if fmt == "vtt" else SubripFormat.TIMESTAMP
    example = "HH:MM:SS.mmm --> HH:MM:SS.mmm" if fmt == "vtt" else "HH:MM:SS,mmm --> HH:MM:SS,mmm"
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "-->" not in line or _GOOD.match(line):
            continue
        if not _TIMEISH.search(line) or not _timing_position(lines, index):
            continue  # caption text with an arrow in it ("10:00 --> 11:00")
        line_no = index + 1
        shown = line.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if len(pysubs2_stamp.findall(line)) == 2:
            left, _, right = line.partition("-->")
            for stamp in [*_STAMP.finditer(left), *_STAMP.finditer(right)]:
                if _out_of_range(stamp, max_ms):
                    raise CaptionError(
                        f"timestamp {stamp.group(0)} is out of range (minutes and seconds "
                        "must be below 60, times below 100 hours)",
                        line=line_no,
                    )
            continue  # unusual but readable, e.g. 0:0:01,5
        raise CaptionError(
            f"malformed timing line {shown!r}: expected {example}",
            line=line_no,
        )


def _timing_position(lines: list[str], index: int) -> bool:
    """Whether line `index` sits where a timing line goes: after a blank line (or the start),
    or after a cue number / identifier that follows one. Caption text lines never do, since a
    blank line ends a cue."""

    def blank(i: int) -> bool:
        return i < 0 or not lines[i].strip()

    return blank(index - 1) or blank(index - 2)


def _out_of_range(stamp: re.Match[str], max_ms: int) -> bool:
    if stamp.group(1) is not None:
        hours, minutes, seconds = (int(stamp.group(i)) for i in (1, 2, 3))
    else:
        hours, minutes, seconds = 0, int(stamp.group(5)), int(stamp.group(6))
    total = ((hours * 60 + minutes) * 60 + seconds) * 1000
    return minutes >= 60 or seconds >= 60 or total > max_ms
