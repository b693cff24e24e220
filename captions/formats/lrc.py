"""LRC lyrics: `[mm:ss.xx]text` lines; ID tags like `[ar:...]` and `[offset:+/-ms]` are read."""

from __future__ import annotations

import re
from typing import Any, TextIO

import pysubs2
from pysubs2.formats.base import FormatBase

from captions.errors import CaptionError
from captions.formats.reading_time import open_ended_ends
from captions.timecode import fraction_to_ms

_STAMP = re.compile(r"\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]")
_LEADING_STAMPS = re.compile(r"^(?:\s*\[\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?\])+")
_TAG = re.compile(r"^\[([a-zA-Z#]+):(.*)\]\s*$")
_WORD_STAMP = re.compile(r"<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>")
#: ID tags kept in `subs.info` under this prefix and written back.
INFO_PREFIX = "lrc:"
#: A gap longer than this between a cue's end and the next start is written as an empty line.
GAP_MS = 10


def lyric_lines(text: str) -> int:
    """How many lines (of the first 2000) begin with `[mm:ss.xx]` and have text after it."""
    lines = text.splitlines()[:2000]
    return sum(1 for line in lines if (m := _LEADING_STAMPS.match(line)) and line[m.end() :])


def looks_like_lrc(text: str) -> bool:
    """True when lines begin with `[mm:ss.xx]` followed by text on the same line."""
    return lyric_lines(text) > 0


def _stamp_ms(match: re.Match[str], line_no: int) -> int:
    minutes, seconds, frac = match.groups()
    if int(seconds) >= 60:
        raise CaptionError(f"timestamp {match.group(0)} is out of range", line=line_no)
    return int(minutes) * 60_000 + int(seconds) * 1000 + fraction_to_ms(frac)


class LRCFormat(FormatBase):
    """pysubs2 format class for LRC (identifier `lrc`)."""

    @classmethod
    def guess_format(cls, text: str) -> str | None:
        return "lrc" if looks_like_lrc(text) else None

    @classmethod
    def from_file(cls, subs: pysubs2.SSAFile, fp: TextIO, format_: str, **kwargs: Any) -> None:
        media_duration_ms: int | None = kwargs.get("media_duration_ms")
        warnings: list[str] = kwargs.get("warnings", [])
        offset = 0
        stamped: list[tuple[int, str]] = []
        ignored = 0
        for line_no, raw in enumerate(fp, start=1):
            line = raw.strip()
            if not line:
                continue
            lead = _LEADING_STAMPS.match(line)
            if lead:
                text = _WORD_STAMP.sub("", line[lead.end() :]).strip()
                for match in _STAMP.finditer(lead.group(0)):
                    stamped.append((_stamp_ms(match, line_no), text))
                continue
            tag = _TAG.match(line)
            if tag:
                key, value = tag.group(1).lower(), tag.group(2).strip()
                if key == "offset":
                    try:
                        offset = int(value)
                    except ValueError:
                        raise CaptionError(f"bad [offset:{value}] tag", line=line_no) from None
                else:
                    subs.info[INFO_PREFIX + key] = value
                continue
            ignored += 1
        if not stamped:
            raise CaptionError("no [mm:ss.xx] lyric lines found")
        if ignored:
            warnings.append(f"ignored {ignored} line{'s' * (ignored != 1)} without a timestamp")
        if offset:
            warnings.append(
                f"applied [offset:{offset:+d}] (lyrics {abs(offset)} ms "
                f"{'earlier' if offset > 0 else 'later'})"
            )
        stamped.sort(key=lambda pair: pair[0])
        # A positive offset makes lyrics appear sooner.
        starts = [max(0, ms - offset) for ms, _ in stamped]
        texts = [text for _, text in stamped]
        ends = open_ended_ends(starts, texts, media_duration_ms)
        for start, end, text in zip(starts, ends, texts, strict=True):
            if not text:
                continue  # an empty lyric line only ends the cue before it
            event = pysubs2.SSAEvent(start=start, end=end)
            event.plaintext = text
            subs.events.append(event)

    @classmethod
    def to_file(cls, subs: pysubs2.SSAFile, fp: TextIO, format_: str, **kwargs: Any) -> None:
        for key, value in subs.info.items():
            if key.startswith(INFO_PREFIX):
                fp.write(f"[{key[len(INFO_PREFIX) :]}:{value}]\n")
        events = [e for e in subs.events if e.is_text]
        for i, event in enumerate(events):
            text = " ".join(part.strip() for part in event.plaintext.splitlines() if part.strip())
            fp.write(f"[{_lrc_time(event.start)}]{text}\n")
            next_start = events[i + 1].start if i + 1 < len(events) else None
            if next_start is None or event.end + GAP_MS < next_start:
                fp.write(f"[{_lrc_time(event.end)}]\n")


def _lrc_time(ms: int) -> str:
    """ms -> `mm:ss.xx` (LRC's hundredths; minutes may exceed 59)."""
    centis = round(max(0, ms) / 10)
    minutes, centis = divmod(centis, 6000)
    seconds, centis = divmod(centis, 100)
    return f"{minutes:02d}:{seconds:02d}.{centis:02d}"
