"""TTML: pysubs2 parses, this module maps each cue to its `<p>` element.

pysubs2's TTML writer rebuilds a document from the events alone: the head (metadata, styles,
layout and regions), `<span>` styling, comments and every attribute but the times are lost
(pysubs2's own example files shrink to a fifth). A save in TTML writes the source back instead,
rewriting only the `begin`/`end` values that moved (each in its own style: a clock time keeps
its digits, an offset time its unit); an edited cue keeps its `<p ...>` start tag (style,
region, id) and only its content is redrawn. The map is made only when this module finds the
very `<p>` elements pysubs2 read (`tt/body/div/p`), at the same times; a file it cannot map
(no `begin`, an empty `<p/>`, a time written in a way it cannot rewrite) is read as pysubs2
alone reads it, and saved by pysubs2's writer.
"""

from __future__ import annotations

import dataclasses
import re
import xml.parsers.expat
from dataclasses import dataclass
from html import escape

import pysubs2
from pysubs2.formats.ttml import TTMLFormat

from captions.formats.source import (
    BlockStyle,
    BraceTextEvent,
    CueSource,
    SourceMap,
    Stamp,
    clock_stamp,
)

#: Characters no XML document may hold (ElementTree writes them as they are).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = "http://www.w3.org/ns/ttml "
_FIELDS = tuple(f.name for f in dataclasses.fields(pysubs2.SSAEvent))
#: A start tag: its name, its attributes, and `/` when it is an empty-element tag.
_START_TAG = re.compile(r"<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: Times this module rewrites in their own style: a clock time as pysubs2 reads it (`ss`,
#: `m:ss` or `h:mm:ss`, each with an optional fraction), or an offset time in h, m, s or ms.
_CLOCK = re.compile(r"^(?:(?:\d+:)?\d{1,2}:)?\d{2}(?:\.\d+)?$")
_XML_ID = re.compile(r"\s+xml:id\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_BARE_SECONDS = re.compile(r"^\d{2}(?:\.\d+)?$")
#: Start tags with times inside a `<p>` (Apple's word-timed `<span>`s): word stamps.
_TIMED_TAG = re.compile(r"<[^\s/>!?]+\s[^>]*\b(?:begin|end)\s*=[^>]*>")
_OFFSET = re.compile(r"^(\d+)(?:\.(\d+))?(h|m|s|ms)$")


@dataclass(slots=True)
class _Paragraph:
    """A `tt/body/div/p` element as expat saw it (byte offsets in the UTF-8 text)."""

    start: int
    #: Where its end tag starts.
    end: int
    #: The `begin` of its body and div (pysubs2 adds them to the `<p>`'s own times).
    parents: tuple[str, str]


def scan(subs: pysubs2.SSAFile, text: str) -> SourceMap | None:
    """Map the events pysubs2 read from `text` to their `<p>` elements (events become
    `BraceTextEvent`s: braces are text in TTML), or None when they cannot all be mapped."""
    paragraphs = _paragraphs(text)
    if paragraphs is None or len(paragraphs) != len(subs.events):
        return None
    spans = _char_offsets(text, [x for p in paragraphs for x in (p.start, p.end)])
    cues: list[CueSource] = []
    events: list[pysubs2.SSAEvent] = []
    prefix = ""
    for n, (paragraph, loaded) in enumerate(zip(paragraphs, subs.events, strict=True)):
        tag_start, close_at = spans[2 * n], spans[2 * n + 1]
        tag = _START_TAG.match(text, tag_start)
        if tag is None or tag.group(3) or close_at <= tag.end():
            return None  # not a start tag we can read, or an empty `<p/>`
        close = re.compile(r"</[^\s>]+\s*>").match(text, close_at)
        if close is None:
            return None
        prefix = tag.group(1)[: -len("p")]
        base = sum(TTMLFormat.timestamp_to_ms(b) for b in paragraph.parents)
        values = _time_attributes(tag, loaded, base)
        if values is None:
            return None
        start, end = values
        words = _word_stamps(text, tag.end(), close_at, base)
        if words is None:
            return None
        event = BraceTextEvent(**{f: getattr(loaded, f) for f in _FIELDS}, origin=n)
        cue = CueSource(event, tag_start, close.end(), tag.end(), start, end, words=words)
        cue.tail = close.span()
        cues.append(cue)
        events.append(event)
    subs.events = events
    first = cues[0].start_stamp if cues else None
    model = text[first.start : first.end] if first is not None else "00:00:00.000"
    last_base = cues[-1].start_stamp.base if cues and cues[-1].start_stamp else 0
    return SourceMap(text, cues, _style(prefix, model, last_base, _line_break(text, prefix)))


def _paragraphs(text: str) -> list[_Paragraph] | None:
    """The `p` children of the `div` children of the root's `body`, in document order, as
    pysubs2 reads them; None when expat cannot parse the text."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[tuple[str, str, int]] = []  # element name, its `begin`, byte offset
    found: list[_Paragraph] = []
    bodies = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal bodies
        if len(stack) == 1 and name == _NS + "body":
            bodies += 1
        stack.append((name, attributes.get("begin", "0s"), parser.CurrentByteIndex))

    def end(name: str) -> None:
        _, _, at = stack.pop()
        path = [entry[0] for entry in stack[1:]]
        if name == _NS + "p" and path == [_NS + "body", _NS + "div"] and bodies == 1:
            parents = (stack[1][1], stack[2][1])
            found.append(_Paragraph(at, parser.CurrentByteIndex, parents))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError:
        return None
    return found


def _char_offsets(text: str, byte_offsets: list[int]) -> list[int]:
    """Character offsets in `text` of byte offsets in its UTF-8 encoding (ascending)."""
    if text.isascii():
        return byte_offsets
    data = text.encode("utf-8")
    out: list[int] = []
    chars = last = 0
    for offset in byte_offsets:
        chars += len(data[last:offset].decode("utf-8"))
        last = offset
        out.append(chars)
    return out


def _times_of(tag: re.Match[str], names: tuple[str, ...]) -> list[tuple[str, int, int, int]] | None:
    """(name, value start, value end, ms) of the time attributes `names` of a start tag, in
    the order written; None when one is not a time this module can rewrite."""
    found = []
    for attribute in _ATTRIBUTE.finditer(tag.group(2)):
        if attribute.group(1) not in names:
            continue
        group = 2 if attribute.group(2) is not None else 3
        ms = _ms(attribute.group(group))
        if ms is None:
            return None
        at = tag.start(2)
        found.append(
            (attribute.group(1), at + attribute.start(group), at + attribute.end(group), ms)
        )
    return found


def _time_attributes(
    tag: re.Match[str], event: pysubs2.SSAEvent, base: int
) -> tuple[Stamp, Stamp] | None:
    """The `begin` and `end` (or pysubs2's `duration`) stamps of a `<p>` start tag, checked
    against the times pysubs2 read; None when they are missing or cannot be rewritten."""
    times = _times_of(tag, ("begin", "end", "duration"))
    if times is None:
        return None
    found = {
        name: Stamp(a, b, ms=event.start + ms, after_start=True)
        if name == "duration"
        else Stamp(a, b, ms=base + ms, base=base)
        for name, a, b, ms in times
    }
    begin = found.get("begin")
    end = found.get("duration") or found.get("end")
    if begin is None or end is None or (begin.ms, end.ms) != (event.start, event.end):
        return None
    return begin, end


def _word_stamps(text: str, begin: int, end: int, base: int) -> list[Stamp] | None:
    """The times of the timed elements inside a `<p>` (they move with it), counted from the
    same base as the `<p>`'s own; None when one cannot be rewritten."""
    words: list[Stamp] = []
    for timed in _TIMED_TAG.finditer(text, begin, end):
        tag = _START_TAG.match(text, timed.start())
        times = _times_of(tag, ("begin", "end")) if tag is not None else None
        if times is None:
            return None
        words.extend(Stamp(a, b, ms=base + ms, base=base) for _, a, b, ms in times)
    return words


def _ms(value: str) -> int | None:
    """A TTML time as pysubs2 reads it, or None when it is not one this module rewrites."""
    if not (_CLOCK.match(value) or _OFFSET.match(value)):
        return None
    try:
        return TTMLFormat.timestamp_to_ms(value)
    except (NotImplementedError, ValueError):
        return None


def _line_break(text: str, prefix: str) -> str:
    """How the file writes a line break (`<br/>`, `<br />`, `<tt:br/>`)."""
    match = re.search(rf"<{re.escape(prefix)}br\s*/>", text)
    return match.group(0) if match else f"<{prefix}br/>"


def _style(prefix: str, model: str, base: int, line_break: str) -> BlockStyle:
    """How cues not copied from the source are written: text escaped, lines broken with the
    file's `<br/>`, a new cue's times like the first cue's (relative to the last div)."""

    def render_text(event: pysubs2.SSAEvent, nl: str) -> str:
        lines = XML_ILLEGAL.sub("", event.plaintext).split("\n")
        return line_break.join(escape(line, quote=False) for line in lines)

    def render_block(event: pysubs2.SSAEvent, number: int, nl: str) -> str:
        begin = ttml_stamp(event.start - base, model)
        end = ttml_stamp(event.end - base, model)
        body = render_text(event, nl)
        return f'<{prefix}p begin="{begin}" end="{end}">{body}</{prefix}p>'

    def copied_head(head: str) -> str:
        return _XML_ID.sub("", head)  # an identifier names one element only

    return BlockStyle(
        render_text, render_block, ttml_stamp, text_on_own_line=False, copied_head=copied_head
    )


def ttml_stamp(ms: int, old: str) -> str:
    """`ms` (from 0: TTML has no negative times) written like the TTML time `old`: a clock
    time with its digits, an offset time in its unit (seconds when an h/m offset would need a
    fraction), with as many decimals as it had and as the milliseconds need."""
    ms = max(ms, 0)
    offset = _OFFSET.match(old)
    if offset is None:
        if _BARE_SECONDS.match(old):  # `ss.fff`: minutes (and hours) added when needed
            written = clock_stamp(ms, "0:" + old)
            return written.removeprefix("0:")
        return clock_stamp(ms, old)
    _, fraction, unit = offset.groups()
    if unit == "ms":
        return f"{ms}ms"
    per_unit = {"h": 3_600_000, "m": 60_000}.get(unit)
    if per_unit is not None and ms % per_unit == 0 and not fraction:
        return f"{ms // per_unit}{unit}"
    seconds, millis = divmod(ms, 1000)
    digits = max(len(fraction or "") if unit == "s" else 0, len(f"{millis:03d}".rstrip("0")))
    if digits == 0:
        return f"{seconds}s"
    decimals = (
        f"{millis:03d}".ljust(digits, "0")[:digits]
        if digits <= 3
        else f"{millis:03d}" + "0" * (digits - 3)
    )
    return f"{seconds}.{decimals}s"
