"""Conversions between formats: what the target can hold is kept, the rest is named.

SRT and VTT targets are written by `subrip_vtt.convert` (b/i/u, `{\\an8}` <-> `line:0`, VTT
identifiers <-> SRT numbers); other targets by pysubs2's writers from plain copies of the
events prepared here.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

import pysubs2

from captions.formats.source import BraceTextEvent, SourceMap
from captions.track import Track

_FIELDS = tuple(f.name for f in dataclasses.fields(pysubs2.SSAEvent))
_HIDDEN = re.compile(r"\{<[^}]*\}")
_VOICE = re.compile(r"\{<v(?:\.[^ >]*)? ([^>]*)>\}")
_LITERAL_BRACES = re.compile(r"\{(?![\\<])([^}]*)\}")
#: Targets that read `{...}` as tags (a literal brace would hide text there).
_BRACE_TAG_TARGETS = frozenset({"ass", "ssa", "microdvd"})


@dataclasses.dataclass(repr=False, eq=False, order=False)
class _PlainBraces(pysubs2.SSAEvent):
    """A plain pysubs2 event whose `plaintext` keeps literal braces (no extra fields, so
    pysubs2's writers, JSON included, see an ordinary event)."""

    OVERRIDE_SEQUENCE: ClassVar[re.Pattern[str]] = BraceTextEvent.OVERRIDE_SEQUENCE


def _count(counts: dict[str, int], what: str) -> None:
    counts[what] = counts.get(what, 0) + 1


def plain_subs(track: Track, fmt: str, notes: list[str]) -> pysubs2.SSAFile:
    """A copy of the track's file for pysubs2's writer of `fmt`, with what `fmt` cannot hold
    named in `notes`."""
    src = track.subs
    subs = pysubs2.SSAFile()
    subs.info = dict(src.info)
    subs.styles = dict(src.styles)
    subs.aegisub_project = dict(src.aegisub_project)
    subs.fonts_opaque = dict(src.fonts_opaque)
    subs.graphics_opaque = dict(src.graphics_opaque)
    subs.fps = src.fps
    counts: dict[str, int] = {}
    source = track.source
    for event in src.events:
        values = {f: getattr(event, f) for f in _FIELDS}
        braces = isinstance(event, BraceTextEvent)
        if braces:
            text = event.text
            voice = _VOICE.search(text)
            if voice and fmt in ("ass", "ssa") and not values["name"]:
                values["name"] = voice.group(1).strip()  # a VTT voice is the ASS speaker
                text = _VOICE.sub("", text, count=1)
            if _HIDDEN.search(text):
                _count(counts, f"{track.format.upper()} markup tags")
                text = _HIDDEN.sub("", text)
            if fmt in _BRACE_TAG_TARGETS and _LITERAL_BRACES.search(text):
                _count(counts, "braces in the text (written as parentheses)")
                text = _LITERAL_BRACES.sub(r"(\1)", text)
            cue = source.cue_of(event) if source is not None else None
            if cue is not None and cue.settings:
                if fmt in ("ass", "ssa") and "line:0" in cue.settings.split():
                    text = "{\\an8}" + text
                if any(s != "line:0" for s in cue.settings.split()):
                    _count(counts, "VTT cue settings")
            values["text"] = text
        new = (_PlainBraces if braces else pysubs2.SSAEvent)(**values)
        subs.events.append(new)
    notes.extend(_describe(counts, fmt))
    notes.extend(source_losses(track, fmt))
    return subs


def _describe(counts: dict[str, int], fmt: str) -> list[str]:
    return [
        f"{what} on {n} cue{'s' * (n != 1)} are not kept in {fmt.upper()}"
        if "written as" not in what
        else f"{what} on {n} cue{'s' * (n != 1)}: {fmt.upper()} reads braces as tags"
        for what, n in counts.items()
    ]


def source_losses(track: Track, fmt: str) -> list[str]:
    """What of the source file outside the cue texts a conversion to `fmt` drops."""
    source: SourceMap | None = track.source
    if source is None or not source.cues:
        return []
    target = fmt.upper()
    counts: dict[str, int] = {}
    for gap in source._gaps():
        for line in gap.splitlines():
            word = line.split(" ", 1)[0].strip()
            if track.format == "vtt" and word in ("NOTE", "STYLE", "REGION"):
                _count(counts, f"VTT {word} blocks")
            elif track.format in ("ass", "ssa") and line.startswith(";"):
                _count(counts, "ASS ; comment lines")
    notes = [f"{what} ({n}) are not kept in {target}" for what, n in counts.items()]
    header = source.text[: source.cues[0].block_start]
    if track.format == "vtt" and header.strip() != "WEBVTT" and "NOTE" not in header:
        notes.append(f"the VTT header text and metadata are not kept in {target}")
    comments = sum(1 for e in track.events if e.is_comment)
    if comments and fmt not in ("ass", "ssa"):
        notes.append(f"ASS Comment events ({comments}) are not kept in {target}")
    if track.format in ("ass", "ssa") and fmt not in ("ass", "ssa"):
        styled = sum(1 for e in track.events if e.style != "Default")
        if styled:
            notes.append(
                f"ASS styles (fonts, colours, positions) of {styled} cues are not kept in {target}"
            )
    return notes
