"""Checks of SRT/VTT timing lines that pysubs2 lets through.

pysubs2 takes any line with two timestamps as a timing line and everything else as text, so a
malformed timing line silently becomes caption text, and `00:61:05,000` or `999:00:05,000`
(read as 99 h) load as if valid. The check is one C-speed regex pass when every timing line is
well formed; only a file with something odd pays for the line-by-line look.
"""

from __future__ import annotations

import re

from captions.errors import CaptionError

_FIELD = r"(?:\d{1,2}:)?[0-5]\d:[0-5]\d[,.]\d{1,3}"
#: A well-formed timing line (hours of up to two digits, minutes and seconds below 60).
_GOOD = re.compile(rf"^[ \t]*{_FIELD}[ \t]*-->[ \t]*{_FIELD}", re.MULTILINE)
#: Anything shaped like a timestamp, for classifying an odd line.
_STAMP = re.compile(r"(\d+):(\d+):(\d+)(?:[,.](\d+))?|(\d+):(\d+)[,.](\d+)")
#: A caption line with an arrow but no time in it is text, not a broken timing line.
_TIMEISH = re.compile(r"\d\s*:\s*\d")


def check_timing_lines(text: str, max_ms: int) -> None:
    """Raise CaptionError (with the line number) for a malformed or out-of-range timing line."""
    if len(_GOOD.findall(text)) == text.count("-->"):
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if "-->" not in line or _GOOD.match(line):
            continue
        if not _TIMEISH.search(line):
            continue  # prose with an arrow in it
        shown = line.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        left, _, right = line.partition("-->")
        stamps = [*_STAMP.finditer(left), *_STAMP.finditer(right)]
        if len(stamps) == 2 and _STAMP.search(left) and _STAMP.search(right):
            for stamp in stamps:
                if _out_of_range(stamp, max_ms):
                    raise CaptionError(
                        f"timestamp {stamp.group(0)} is out of range (minutes and seconds "
                        "must be below 60, times below 100 hours)",
                        line=line_no,
                    )
            continue  # unusual but readable, e.g. 0:0:01,5
        raise CaptionError(
            f"malformed timing line {shown!r}: expected HH:MM:SS,mmm --> HH:MM:SS,mmm",
            line=line_no,
        )


def _out_of_range(stamp: re.Match[str], max_ms: int) -> bool:
    if stamp.group(1) is not None:
        hours, minutes, seconds = (int(stamp.group(i)) for i in (1, 2, 3))
    else:
        hours, minutes, seconds = 0, int(stamp.group(5)), int(stamp.group(6))
    total = ((hours * 60 + minutes) * 60 + seconds) * 1000
    return minutes >= 60 or seconds >= 60 or total > max_ms
