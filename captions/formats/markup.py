"""SRT/WebVTT cue text <-> the ASS-style text pysubs2 events hold.

pysubs2 reads `{...}` in SRT as ASS override tags (so `Price {was} $5` loses a word) and drops
every HTML tag but b/i/u/s (`<font>`, `<c.x>`, `<v Name>`, `<ruby>`, and `<LAUGHING>`, which
is text). Here: b/i/u/s become `{\\b1}`...; the other tags the format defines are kept hidden as
`{<tag>}` (shown by no widget, written back as they were); unknown `<...>` and braces are text
(events are `BraceTextEvent`, whose `plaintext` keeps them). VTT entities are decoded and
re-escaped.
"""

from __future__ import annotations

import re

import pysubs2

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([.\s][^<>]*)?>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")
_SIMPLE = frozenset("bius")
#: Tags kept hidden (not shown, written back) per format.
_KNOWN = {"srt": frozenset({"font"}), "vtt": frozenset({"c", "v", "lang", "ruby", "rt"})}
_ENTITY = re.compile(r"&(amp|lt|gt|nbsp|lrm|rlm);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "lrm": "\u200e", "rlm": "\u200f"}
#: One ASS override tag inside a `{\\...}` block.
_ASS_TAG = re.compile(r"\\([a-zA-Z]+)([^\\]*)")
#: Alignment (numpad) <-> VTT `line:`/`align:` settings.
TOP = frozenset({7, 8, 9})


def to_event_text(raw: str, fmt: str) -> str:
    """Cue text as written in an SRT/VTT file (lines joined by `\\n`) -> event text."""
    known = _KNOWN.get(fmt, frozenset())

    def tag(match: re.Match[str]) -> str:
        whole = match.group(0)
        name = match.group(2)
        if name is None:  # a VTT timestamp tag
            return "{" + whole + "}" if fmt == "vtt" else whole
        lower = name.lower()
        if lower in _SIMPLE and not match.group(3):
            return "{\\" + lower + ("0}" if match.group(1) else "1}")
        if (lower in known or lower in _SIMPLE) and "}" not in whole:
            return "{" + whole + "}"
        return whole

    text = _TAG.sub(tag, raw) if "<" in raw else raw
    if fmt == "vtt" and "&" in text:
        text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)
    return text.replace("\n", "\\N")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: A VTT word stamp (`<00:00:01.500>`), written by forced alignment from any source format.
_VTT_TIMESTAMP_TAG = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")


def to_markup(
    event: pysubs2.SSAEvent, fmt: str, source_fmt: str, losses: set[str] | None = None
) -> tuple[str, int | None]:
    """Event text -> SRT/VTT cue text (lines joined by `\\n`) and the `\\an` alignment found
    (VTT writes it as a cue setting). What the target cannot hold is named in `losses`."""
    text = event.text
    pattern = event.OVERRIDE_SEQUENCE
    out: list[str] = []
    align: int | None = None
    pos = 0
    for match in pattern.finditer(text):
        out.append(_plain(text[pos : match.start()], fmt))
        pos = match.end()
        block = match.group(0)[1:-1]
        if block.startswith("<"):
            if source_fmt == fmt or (fmt == "vtt" and _VTT_TIMESTAMP_TAG.fullmatch(block)):
                out.append(block)
            elif losses is not None:
                tag_name = re.match(r"</?([^\s.>]*)", block)
                shown = tag_name.group(1) if tag_name else ""
                losses.add(f"{source_fmt.upper()} <{shown}> tags")
            continue
        kept: list[str] = []
        for tag in _ASS_TAG.finditer(block):
            name, arg = tag.group(1), tag.group(2).strip()
            if name in _SIMPLE and arg in ("0", "1", ""):
                out.append(f"<{'/' if arg == '0' else ''}{name}>")
            elif name == "an" and arg.isdigit():
                align = int(arg)
                if fmt == "srt":
                    kept.append(tag.group(0))
            elif fmt == "srt" and source_fmt == "srt":
                kept.append(tag.group(0))
            elif losses is not None:
                losses.add("ASS override tags (\\" + name + ")")
        if kept:
            out.append("{" + "".join(kept) + "}")
        if not block.startswith("\\") and losses is not None:
            losses.add("ASS comments in braces")
    out.append(_plain(text[pos:], fmt))
    return "".join(out), align


def _plain(text: str, fmt: str) -> str:
    text = text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")
    return _escape_vtt(text) if fmt == "vtt" else text
