"""LRC lyrics: `[mm:ss.xx]text` lines; ID tags like `[ar:...]` and `[offset:+/-ms]` are read."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, TextIO

import pysubs2
from pysubs2.formats.base import FormatBase

from captions.errors import CaptionError
from captions.formats.reading_time import open_ended_ends
from captions.formats.scanning import CueScan
from captions.formats.source import BlockStyle, SourceMap, Stamp, clock_stamp
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
        events, _, info = scan(fp.read(), kwargs.get("media_duration_ms"), kwargs.get("warnings"))
        subs.events.extend(events)
        subs.info.update(info)

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


def scan(
    text: str, media_duration_ms: int | None = None, warnings: list[str] | None = None
) -> tuple[list[pysubs2.SSAEvent], SourceMap, dict[str, str]]:
    """Cues of an LRC text in file order, with their source map and the ID tags.

    Enhanced word stamps `<mm:ss.xx>` stay in the text (hidden as `{<mm:ss.xx>}`) and move
    with their cue; `[offset:+ms]` is applied to the cue times (a positive offset shows the
    lyrics sooner) but stays a tag: stamps are written back without it. A lone stamp line
    right after a lyric line is that cue's end.
    """
    notes = warnings if warnings is not None else []
    found = CueScan(text)
    lines, offsets = found.lines, found.offsets
    info: dict[str, str] = {}
    offset = 0
    # (line, stamp spans, text start) of each stamped line, in file order.
    stamped: list[tuple[int, list[tuple[int, int, int]], int]] = []
    ignored = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        lead = _LEADING_STAMPS.match(raw)
        if lead:
            spans = [
                (m.start() + 1, m.end() - 1, _stamp_ms(m, i + 1))
                for m in _STAMP.finditer(raw, 0, lead.end())
            ]
            stamped.append((i, spans, lead.end()))
            continue
        tag = _TAG.match(line)
        if tag:
            key, value = tag.group(1).lower(), tag.group(2).strip()
            if key == "offset":
                try:
                    offset = int(value)
                except ValueError:
                    notes.append(f"ignored [offset:{value[:30]}] on line {i + 1}: not a number")
            else:
                info[INFO_PREFIX + key] = value
            continue
        ignored += 1
    if not stamped:
        raise CaptionError("no [mm:ss.xx] lyric lines found")
    if ignored:
        notes.append(f"ignored {ignored} line{'s' * (ignored != 1)} without a timestamp")
    if offset:
        notes.append(
            f"applied [offset:{offset:+d}] (lyrics {abs(offset)} ms "
            f"{'earlier' if offset > 0 else 'later'}); the tag stays in the file"
        )
    keys: list[tuple[int, int]] = []
    # Every stamp (lyric or lone) as (time, file order): each cue ends at the next one.
    all_starts = sorted(
        (max(0, ms - offset), seq)
        for seq, ms in enumerate(ms for _, spans, _ in stamped for _, _, ms in spans)
    )
    seq = 0
    for n, (i, spans, text_at) in enumerate(stamped):
        raw = lines[i]
        lyric = raw[text_at:]
        if not lyric.strip():
            seq += len(spans)
            continue  # a lone stamp: ends the cue before it
        base = offsets[i]
        closing = stamped[n + 1] if n + 1 < len(stamped) else None
        for j, (a, b, ms) in enumerate(spans):
            start = max(0, ms - offset)
            stamp = Stamp(base + a, base + b, start)
            last = j == len(spans) - 1
            block_start = base + a - 1
            block_end = base + (len(raw) if last else b + 1)
            text_start = base + text_at if last else block_end
            body = lyric.strip()
            spans_ = (block_start, block_end, text_start)
            cue = found.add(stamp, start, _WORD_STAMP.sub(_hide, body), spans_)
            if last:
                cue.words = [
                    Stamp(base + m.start() + 1, base + m.end() - 1, max(0, _word_ms(m, i) - offset))
                    for m in _WORD_STAMP.finditer(raw, text_at)
                ]
                if closing is not None and not lines[closing[0]][closing[2] :].strip():
                    c_line = closing[0]
                    c_a, c_b, c_ms = closing[1][0]
                    if c_line == i + 1 and len(closing[1]) == 1:
                        cue.end_stamp = Stamp(
                            offsets[c_line] + c_a, offsets[c_line] + c_b, max(0, c_ms - offset)
                        )
                        cue.tail = (block_end, offsets[c_line] + len(lines[c_line]))
                        cue.block_end = cue.tail[1]
            keys.append((start, seq))
            seq += 1
    _set_ends(found.events, keys, all_starts, media_duration_ms)
    for cue in found.cues:
        if cue.end_stamp is not None and cue.end_stamp.ms != cue.event.end:
            cue.end_stamp = None  # another cue ends it sooner: the lone stamp is not its end
            cue.block_end, cue.tail = cue.tail[0] if cue.tail else cue.block_end, None
    return found.events, found.source_map(lrc_style(offset)), info


def _hide(match: re.Match[str]) -> str:
    return "{" + match.group(0) + "}"


def _word_ms(match: re.Match[str], line_index: int) -> int:
    inner = _STAMP.match("[" + match.group(0)[1:-1] + "]")
    if inner is None:
        raise CaptionError(f"malformed word stamp {match.group(0)}", line=line_index + 1)
    return _stamp_ms(inner, line_index + 1)


def _set_ends(
    events: list[pysubs2.SSAEvent],
    keys: list[tuple[int, int]],
    all_starts: list[tuple[int, int]],
    media_duration_ms: int | None,
) -> None:
    """Each cue ends at the next stamp in time (lyric or lone); the last by reading time."""
    for event, key in zip(events, keys, strict=True):
        k = bisect_right(all_starts, key)
        if k < len(all_starts):
            event.end = all_starts[k][0]
        else:
            event.end = open_ended_ends([event.start], [event.plaintext], media_duration_ms)[0]


def lrc_style(offset: int) -> BlockStyle:
    """How LRC cues are written back: stamps in their own style, offset not baked in."""

    def render_text(event: pysubs2.SSAEvent, nl: str) -> str:
        shown = _KEPT_WORDS.sub(lambda m: m.group(1), event.text)
        shown = pysubs2.SSAEvent(text=shown).plaintext if "{" in shown else shown
        return " ".join(part.strip() for part in shown.splitlines() if part.strip())

    def block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        return f"[{_lrc_time(event.start + offset)}]{render_text(event, nl)}"

    def stamp(ms: int, old: str) -> str:
        return clock_stamp(ms + offset, old, hours_when_needed=0)

    return BlockStyle(render_text, block, stamp, text_on_own_line=False)


#: A kept word stamp in event text, written back as `<mm:ss.xx>`.
_KEPT_WORDS = re.compile(r"\{(<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>)\}")


def _lrc_time(ms: int) -> str:
    """ms -> `mm:ss.xx` (LRC's hundredths; minutes may exceed 59)."""
    centis = round(max(0, ms) / 10)
    minutes, centis = divmod(centis, 6000)
    seconds, centis = divmod(centis, 100)
    return f"{minutes:02d}:{seconds:02d}.{centis:02d}"
