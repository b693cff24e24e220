"""The format-preserving layer: a loaded file's text and where each cue lies in it.

As tomlkit and ruamel.yaml do for config files, a `SourceMap` keeps the decoded text of the
file as read (line endings, blank lines, comments, headers, unknown sections) and, for each cue
loaded, the span of its block and of its timestamps. Saving in the same format writes the
source back: a cue object still as loaded keeps its block byte for byte, with only the stamps
whose time changed rewritten in the stamp's own style (hours or not, `,` or `.`, digits); a
cue derived from one (text edit, split, join, tidy: `dataclasses.replace` copies keep
`origin`) keeps the block's head (number, identifier, settings) and gets its text re-rendered;
a new cue is rendered in the file's own style. Text between blocks (NOTE blocks, comments,
page text) stays where it is.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import ClassVar

import pysubs2

#: A clock stamp as the text formats write it: `[-]h:mm:ss.fff` with optional hours/fraction.
_CLOCK = re.compile(r"^(-?)(?:(\d+):)?(\d+):(\d+)(?:([.,:])(\d+))?$")


@dataclasses.dataclass(repr=False, eq=False, order=False)
class SourceEvent(pysubs2.SSAEvent):
    """A pysubs2 event that remembers which cue of the source it was loaded as (`origin`;
    copies made with `dataclasses.replace` keep it, so an edited cue finds its block)."""

    origin: int = -1

    def copy(self) -> SourceEvent:
        """A copy keeping the class and `origin` (pysubs2's goes through `as_dict`)."""
        return dataclasses.replace(self)

    def as_dict(self) -> dict[str, object]:
        """The fields pysubs2 knows (its writers and `copy` build plain events from these)."""
        values = super().as_dict()
        values.pop("origin", None)
        return values


@dataclasses.dataclass(repr=False, eq=False, order=False)
class BraceTextEvent(SourceEvent):
    """An event of a format where braces are text (SRT, VTT, transcript, LRC, ...): only
    `{\\...}` override tags and `{<...>}` (a kept markup tag such as `<font ...>`) are hidden
    from `plaintext`; `Price {was} $5` shows as written."""

    OVERRIDE_SEQUENCE: ClassVar[re.Pattern[str]] = re.compile(r"\{[\\<][^}]*\}")


@dataclass(slots=True)
class Stamp:
    """A timestamp in the source: its span and the time it said when loaded (ms)."""

    start: int
    end: int
    ms: int
    #: What the stamp's text counts from (TTML: the `begin` of its `<div>` and `<body>`).
    base: int = 0
    #: The text is a duration from the cue's start (an end written as a duration).
    after_start: bool = False


@dataclass(slots=True)
class CueSource:
    """Where one loaded cue lies in the source text."""

    event: pysubs2.SSAEvent
    block_start: int
    block_end: int
    #: Where the cue's text begins (the head before it: number, identifier, timing line).
    text_start: int
    start_stamp: Stamp | None = None
    end_stamp: Stamp | None = None
    #: Stamps inside the text (LRC/VTT word stamps); they move with the cue.
    words: list[Stamp] = field(default_factory=list)
    #: Span of an SRT cue number.
    number: tuple[int, int] | None = None
    #: VTT cue identifier and settings (for conversions).
    ident: str | None = None
    settings: str = ""
    #: Part of the block after the text that a re-rendered cue keeps (LRC: its closing stamp).
    tail: tuple[int, int] | None = None


@dataclass
class BlockStyle:
    """How a format writes what is not copied from the source."""

    #: Text of a cue's body in the file's markup (lines joined with `nl`).
    render_text: Callable[[pysubs2.SSAEvent, str], str]
    #: A complete new block (no source cue to copy the head from); `number` is 1-based.
    render_block: Callable[[pysubs2.SSAEvent, int, str], str]
    #: ms -> stamp text, written like `old` (the stamp it replaces).
    format_stamp: Callable[[int, str], str]
    #: SRT: cue numbers are renumbered when the order or count of cues changes.
    numbered: bool = False
    #: The head of a cue copied for a second cue (split): drop its first line (VTT id).
    drop_ident: bool = False
    #: The text starts on a line of its own (SRT, VTT, transcript), not after the stamp.
    text_on_own_line: bool = True
    #: The head of a cue copied for a second cue, made fit to be one (TTML: no `xml:id`).
    copied_head: Callable[[str], str] | None = None


def clock_stamp(ms: int, old: str, *, hours_when_needed: int = 2) -> str:
    """`ms` written like the clock stamp `old` (same hour and minute widths, separator and
    fraction digits). Without an hour field, minutes grow past 59 unless `hours_when_needed`
    (the width of an hour field to add then; 0 to let minutes grow)."""
    return _clock_writer(old.translate(_SHAPE), hours_when_needed)(ms)


#: Digits -> `9`: a stamp's shape (`99:99:99,999`), the key of its cached writer.
_SHAPE = str.maketrans("0123456789", "9999999999")


@functools.lru_cache(maxsize=256)
def _clock_writer(shape: str, hours_when_needed: int) -> Callable[[int], str]:
    """A fast writer of ms in the stamp shape `shape` (a save rewrites 200,000 stamps)."""
    match = _CLOCK.match(shape)
    if match is None:
        raise ValueError(f"not a clock stamp: {shape!r}")
    _, hours, minutes, _, sep, frac = match.groups()
    digits = min(len(frac), 3) if frac else 0
    pad = "0" * (len(frac) - 3) if frac and len(frac) > 3 else ""
    unit = 10 ** (3 - digits)
    scale = 1000 // unit
    tail = f"%02d{sep}%0{digits}d{pad}" if sep else "%02d"
    with_hours = f"%0{len(hours) if hours else hours_when_needed}d:%0{len(minutes)}d:" + tail
    without = f"%0{len(minutes)}d:" + tail

    def write(ms: int) -> str:
        ticks = (ms if unit == 1 else round(ms / unit)) if ms > 0 else 0
        h, rest = divmod(ticks, 3600 * scale)
        m, rest = divmod(rest, 60 * scale)
        sec, f = divmod(rest, scale)
        if hours is not None or (h and hours_when_needed):
            return with_hours % ((h, m, sec, f) if sep else (h, m, sec))
        return without % ((h * 60 + m, sec, f) if sep else (h * 60 + m, sec))

    return write


def newline_of(text: str) -> str:
    """The file's line ending (that of its first line)."""
    at = text.find("\n")
    if at > 0 and text[at - 1] == "\r":
        return "\r\n"
    if at < 0 and "\r" in text:
        return "\r"
    return "\n"


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Lines without their endings (`\\n`, `\\r\\n` or `\\r`) and the offset of each."""
    if "\r" not in text:
        lines = text.split("\n")
        starts = [0] * len(lines)
        pos = 0
        for i, line in enumerate(lines):
            starts[i] = pos
            pos += len(line) + 1
        return lines, starts
    lines, starts = [], []
    pos = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        lines.append(text[pos : match.start()])
        starts.append(pos)
        pos = match.end()
    lines.append(text[pos:])
    starts.append(pos)
    return lines, starts


def _blank(gap: str) -> bool:
    return not gap.strip()


class SourceMap:
    """A file's source text and its cues' spans; `render(events)` writes it back."""

    def __init__(self, text: str, cues: list[CueSource], style: BlockStyle) -> None:
        self.text = text
        self.cues = cues
        self.style = style
        self.nl = newline_of(text)
        self._index = {id(cue.event): i for i, cue in enumerate(cues)}
        gaps = self._gaps()
        between = [g for g in gaps[1:-1] if _blank(g)]
        #: What separates a new block from the one before it: the file's usual blank gap.
        self.separator = max(set(between), key=between.count) if between else self.nl * 2

    def _gaps(self) -> list[str]:
        """Text before the first block, between consecutive blocks, and after the last."""
        text, cues = self.text, self.cues
        if not cues:
            return [text]
        gaps = [text[: cues[0].block_start]]
        gaps.extend(text[a.block_end : b.block_start] for a, b in pairwise(cues))
        gaps.append(text[cues[-1].block_end :])
        return gaps

    def cue_of(self, event: pysubs2.SSAEvent) -> CueSource | None:
        """The source cue an event is, or was copied from."""
        index = self._index.get(id(event))
        if index is not None and self.cues[index].event is event:
            return self.cues[index]
        origin = getattr(event, "origin", -1)
        return self.cues[origin] if 0 <= origin < len(self.cues) else None

    def unchanged(self, events: Sequence[pysubs2.SSAEvent]) -> bool:
        """True when `events` are the loaded cues, in order, with their loaded times."""
        cues = self.cues
        return len(events) == len(cues) and all(
            e is c.event
            and (c.start_stamp is None or e.start == c.start_stamp.ms)
            and (c.end_stamp is None or e.end == c.end_stamp.ms)
            for e, c in zip(events, cues, strict=True)
        )

    def _claims(self, events: Sequence[pysubs2.SSAEvent]) -> list[int]:
        """For each event, the source cue whose place it takes (-1: a new block). A cue as
        loaded takes its own place; a copy takes its origin's place when the loaded cue is
        gone (text edit, split, join); places are taken in file order."""
        index, cues = self._index, self.cues
        own = [k if (k := index.get(id(e), -1)) >= 0 and cues[k].event is e else -1 for e in events]
        present = set(own)
        claims: list[int] = []
        last = -1
        for event, k in zip(events, own, strict=True):
            if k < 0:
                origin = getattr(event, "origin", -1)
                if 0 <= origin < len(cues) and origin not in present:
                    k = origin
                    present.add(origin)
            if k <= last:
                k = -1
            else:
                last = k
            claims.append(k)
        return claims

    def render(self, events: Sequence[pysubs2.SSAEvent]) -> str:
        """The file with `events` in place of the loaded cues."""
        if self.unchanged(events):
            return self.text
        if not self.cues:
            blocks = [self.style.render_block(e, i, self.nl) for i, e in enumerate(events, 1)]
            head = self.text.rstrip("\r\n")
            lead = head + self.nl * 2 if head else ""
            return lead + self.separator.join(blocks) + self.nl
        claims = self._claims(events)
        renumber = self.style.numbered and claims != list(range(len(self.cues)))
        gaps = self._gaps()
        out: list[str] = [gaps[0]]
        last = -1
        emitted_block = False
        pending_sep = False
        for position, (event, k) in enumerate(zip(events, claims, strict=True), start=1):
            number = position if renumber else None
            if k < 0:
                if emitted_block:
                    out.append(self.separator)
                template = self._template(event)
                if template is None:
                    out.append(self.style.render_block(event, position, self.nl))
                elif template.event is event:
                    # A loaded cue moved in the list (an edit put it back in time order): its
                    # block as loaded, identifier included, at its new place.
                    out.append(self._patched(template, event, number))
                else:
                    out.append(self._derived(template, event, position, keep_ident=False))
                emitted_block = True
                pending_sep = last < 0
                continue
            if last >= 0:
                out.append(gaps[last + 1])
            elif pending_sep:
                out.append(self.separator)
            out.extend(g for g in gaps[max(last + 2, 1) : k + 1] if not _blank(g))
            cue = self.cues[k]
            if event is cue.event:
                out.append(self._patched(cue, event, number))
            else:
                out.append(self._derived(cue, event, number, keep_ident=True))
            last = k
            emitted_block = True
        n = len(self.cues)
        out.extend(g for g in gaps[max(last + 1, 1) : n] if not _blank(g))
        out.append(gaps[n])
        return "".join(out)

    def _template(self, event: pysubs2.SSAEvent) -> CueSource | None:
        """The source cue a new block copies its head from: the one the event was copied
        from (a split's second half, an inserted cue), or none (written fresh)."""
        origin = getattr(event, "origin", -1)
        return self.cues[origin] if 0 <= origin < len(self.cues) else None

    def _stamp_patches(self, cue: CueSource, event: pysubs2.SSAEvent) -> list[tuple[int, int, str]]:
        """(start, end, new text) of every stamp of `cue` whose time moves for `event`."""
        fmt = self.style.format_stamp
        patches: list[tuple[int, int, str]] = []
        start, end = cue.start_stamp, cue.end_stamp
        if start is not None and event.start != start.ms:
            old = self.text[start.start : start.end]
            patches.append((start.start, start.end, fmt(event.start - start.base, old)))
        if end is not None:
            old_from, new_from = end.base, end.base
            if end.after_start:
                old_from, new_from = (start.ms if start is not None else 0), event.start
            if event.end - new_from != end.ms - old_from:
                old = self.text[end.start : end.end]
                patches.append((end.start, end.end, fmt(event.end - new_from, old)))
        if cue.words and start is not None:
            old_start = start.ms
            old_end = end.ms if end is not None else old_start
            factor = (
                (event.end - event.start) / (old_end - old_start)
                if end is not None and old_end > old_start
                else 1.0
            )
            if event.start != old_start or factor != 1.0:
                for word in cue.words:
                    ms = round(event.start + (word.ms - old_start) * factor) - word.base
                    patches.append(
                        (word.start, word.end, fmt(ms, self.text[word.start : word.end]))
                    )
        return patches

    def _patched(self, cue: CueSource, event: pysubs2.SSAEvent, number: int | None) -> str:
        """The cue's block as loaded, with its moved stamps (and number) rewritten."""
        patches = self._stamp_patches(cue, event)
        if number is not None and cue.number is not None:
            a, b = cue.number
            if self.text[a:b] != str(number):
                patches.append((a, b, str(number)))
        return self._apply(cue.block_start, cue.block_end, patches)

    def _apply(self, begin: int, end: int, patches: list[tuple[int, int, str]]) -> str:
        text = self.text
        if not patches:
            return text[begin:end]
        patches.sort()
        pieces: list[str] = []
        pos = begin
        for a, b, new in patches:
            pieces.append(text[pos:a])
            pieces.append(new)
            pos = b
        pieces.append(text[pos:end])
        return "".join(pieces)

    def _derived(
        self, cue: CueSource, event: pysubs2.SSAEvent, number: int | None, *, keep_ident: bool
    ) -> str:
        """A block with `cue`'s head (timing line, settings; number or id when `keep_ident`)
        and `event`'s times and text."""
        head_start = cue.block_start
        patches = [p for p in self._stamp_patches(cue, event) if p[0] < cue.text_start]
        if cue.number is not None:
            if keep_ident:
                if number is not None and self.text[cue.number[0] : cue.number[1]] != str(number):
                    patches.append((cue.number[0], cue.number[1], str(number)))
            else:
                patches.append((cue.number[0], cue.number[1], str(number or 0)))
        elif not keep_ident and self.style.drop_ident and cue.ident is not None:
            first_stamp = cue.start_stamp.start if cue.start_stamp else cue.block_start
            line_start = max(
                self.text.rfind("\n", 0, first_stamp), self.text.rfind("\r", 0, first_stamp)
            )
            head_start = line_start + 1
        head_end = cue.text_start
        head = self._apply(head_start, head_end, [p for p in patches if p[0] >= head_start])
        if not keep_ident and self.style.copied_head is not None:
            head = self.style.copied_head(head)
        body = self.style.render_text(event, self.nl)
        if cue.tail is not None:
            a, b = cue.tail
            body += self._apply(a, b, [p for p in self._stamp_patches(cue, event) if p[0] >= a])
        if self.style.text_on_own_line and cue.text_start == cue.block_end:
            # The cue had no text: its head ends the block, the text goes on the next line.
            return head + (self.nl + body if body else "")
        return head + body
