"""One registry of caption formats: pysubs2 for every format it knows, plus the timestamped
transcript and LRC, behind the same load and save path."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pysubs2
from pysubs2.formats import FORMAT_IDENTIFIER_TO_FORMAT_CLASS, autodetect_format
from pysubs2.formats.base import FormatBase

from captions.errors import CaptionError
from captions.formats import frames, subrip_vtt, substation, ttml
from captions.formats.lrc import LRCFormat, lyric_lines
from captions.formats.lrc import scan as lrc_scan
from captions.formats.source import SourceMap
from captions.formats.timing_lines import check_timing_lines
from captions.formats.transcript import TranscriptFormat, timestamp_lines
from captions.formats.transcript import scan as transcript_scan
from captions.track import Track


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What the program knows about one caption format."""

    #: pysubs2-style format class that reads (and, if `writable`, writes) it.
    impl: type[FormatBase]
    #: File extensions, the preferred one first (empty: never chosen by extension).
    extensions: tuple[str, ...] = ()
    writable: bool = True
    #: Line-based text (a line longer than MAX_LINE_CHARS is refused).
    line_based: bool = True
    #: Written as XML (characters XML 1.0 cannot hold are dropped).
    xml: bool = False
    #: Read with a source map, so a save in the same format keeps the file byte for byte.
    lossless: bool = False


_P = FORMAT_IDENTIFIER_TO_FORMAT_CLASS
#: The one table of formats, by identifier: pysubs2's plus the transcript and LRC.
FORMATS: dict[str, FormatInfo] = {
    "srt": FormatInfo(_P["srt"], (".srt",), lossless=True),
    "vtt": FormatInfo(_P["vtt"], (".vtt",), lossless=True),
    "ass": FormatInfo(_P["ass"], (".ass",), lossless=True),
    "ssa": FormatInfo(_P["ssa"], (".ssa",), lossless=True),
    "microdvd": FormatInfo(_P["microdvd"], (".sub",), lossless=True),
    "json": FormatInfo(_P["json"], (".json",), line_based=False),
    "mpl2": FormatInfo(_P["mpl2"], (".mpl",), lossless=True),
    "tmp": FormatInfo(_P["tmp"], (".tmp",)),
    "ttml": FormatInfo(_P["ttml"], (".ttml", ".dfxp"), line_based=False, xml=True, lossless=True),
    "sami": FormatInfo(_P["sami"], (".smi", ".sami"), writable=False, line_based=False),
    "whisper_jax": FormatInfo(_P["whisper_jax"], writable=False, line_based=False),
    "transcript": FormatInfo(TranscriptFormat, (".txt",), lossless=True),
    "lrc": FormatInfo(LRCFormat, (".lrc",), lossless=True),
}
for _ident, _impl in _P.items():  # any format a newer pysubs2 adds
    FORMATS.setdefault(_ident, FormatInfo(_impl, writable=False, line_based=False))

#: Views of the table kept for callers.
READ_FORMATS: dict[str, type[FormatBase]] = {k: v.impl for k, v in FORMATS.items()}
WRITE_FORMATS: tuple[str, ...] = tuple(k for k, v in FORMATS.items() if v.writable)
EXTENSIONS: dict[str, str] = {ext: k for k, v in FORMATS.items() for ext in v.extensions}
FORMAT_EXTENSION: dict[str, str] = {k: v.extensions[0] for k, v in FORMATS.items() if v.writable}
#: Frame rate used for frame-based formats (MicroDVD) when the file does not state one.
DEFAULT_FPS = 23.976
#: How much of a file format detection looks at.
_SNIFF_CHARS = 65536
#: Times beyond this are treated as corrupt (100 hours).
MAX_TIME_MS = 100 * 3_600_000
#: The longest line a line-based file may have before it is refused as not captions (a
#: one-line 50 MB file would otherwise cost seconds and gigabytes to parse).
MAX_LINE_CHARS = 1_000_000
#: A MicroDVD frame rate declaration as its first line.
_FPS_LINE = re.compile(r"\{[01]\}\{[01]\}\s*\d+(?:\.\d+)?\s*$", re.MULTILINE)


def format_for_path(path: str | Path) -> str | None:
    """Format implied by a file name's extension, if any."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def detect_format(text: str, path: str | Path | None = None) -> str:
    """Format identifier from content first, the extension only to break ties."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # never judge by a cut-off line
    # LRC writes a lone `[mm:ss.xx]` to end a cue before a gap, which alone would look like a
    # transcript: whichever kind of line is more common decides.
    stamp_only = timestamp_lines(sample)
    lyrics = lyric_lines(sample) if "-->" not in sample else 0
    if lyrics and lyrics >= stamp_only:
        return "lrc"
    if stamp_only:
        return "transcript"
    hint = format_for_path(path) if path is not None else None
    try:
        return autodetect_format(sample)
    except pysubs2.exceptions.FormatAutodetectionError as exc:
        candidates = list(getattr(exc, "formats", []) or [])
        if hint in candidates:
            return str(hint)
        if candidates:
            return str(sorted(candidates)[0])
    if "-->" in sample:
        check_timing_lines(sample, MAX_TIME_MS)  # a precise message for broken SRT/VTT
    raise CaptionError("not a caption file: no known caption format recognised in its content")


def check_format(fmt: str, *, write: bool = False) -> str:
    """Validate a format identifier given by the user."""
    known = WRITE_FORMATS if write else tuple(READ_FORMATS)
    if fmt not in known:
        raise CaptionError(
            f"unknown format {fmt!r}; {'writable' if write else 'known'} formats: "
            + ", ".join(known)
        )
    return fmt


def parse(
    text: str,
    fmt: str | None = None,
    *,
    path: str | Path | None = None,
    encoding: str = "utf-8",
    media_duration_ms: int | None = None,
    fps: float | None = None,
) -> Track:
    """Parse caption text into a Track; CaptionError (with the path) for anything wrong.

    Line endings are normalised first (CRLF and CR become LF, as pysubs2's own `load` does
    through universal newlines), so a Windows file's `\r` never ends up in caption text.
    """
    source_text = text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    source: SourceMap | None = None
    try:
        fmt = check_format(fmt) if fmt else detect_format(text, path)
        warnings: list[str] = []
        info = FORMATS[fmt]
        if info.line_based:
            _check_line_lengths(text)
        if fmt in ("microdvd", "mpl2"):
            subs = _read_with_pysubs2(text, fmt, media_duration_ms, fps, warnings)
            assumed = DEFAULT_FPS if fps is None and subs.fps is None else fps
            source = frames.scan(subs, source_text, fmt, assumed)
        elif fmt == "ttml":
            subs = _read_with_pysubs2(text, fmt, media_duration_ms, fps, warnings)
            source = ttml.scan(subs, source_text)  # None: a file it cannot map
        elif info.lossless:
            subs, source = _scan(source_text, text, fmt, media_duration_ms, warnings)
        else:
            subs = _read_with_pysubs2(text, fmt, media_duration_ms, fps, warnings)
        _validate(subs, text, fmt)
    except CaptionError as exc:
        if path is not None and exc.path is None:
            exc.path = str(path)
        raise
    return Track(
        subs=subs,
        format=fmt,
        encoding=encoding,
        path=Path(path) if path not in (None, "-") else None,
        warnings=warnings,
        source=source,
    )


def _scan(
    source_text: str,
    text: str,
    fmt: str,
    media_duration_ms: int | None,
    warnings: list[str],
) -> tuple[pysubs2.SSAFile, SourceMap]:
    """Read a lossless format with its source map (`text` is `source_text` with LF endings)."""
    if fmt in ("srt", "vtt"):
        check_timing_lines(text, MAX_TIME_MS, fmt)  # precise messages for broken timing lines
        events, source = subrip_vtt.scan(source_text, fmt)
        subs = pysubs2.SSAFile()
        subs.events = events
    elif fmt in ("ass", "ssa"):
        subs, source = substation.scan(source_text, fmt)
    elif fmt == "lrc":
        events, source, info = lrc_scan(source_text, media_duration_ms, warnings)
        subs = pysubs2.SSAFile()
        subs.events = events
        subs.info.update(info)
    else:
        events, source = transcript_scan(source_text, media_duration_ms, warnings)
        subs = pysubs2.SSAFile()
        subs.events = events
    subs.format = fmt
    return subs, source


def _read_with_pysubs2(
    text: str, fmt: str, media_duration_ms: int | None, fps: float | None, warnings: list[str]
) -> pysubs2.SSAFile:
    subs = pysubs2.SSAFile()
    subs.format = fmt
    kwargs: dict[str, Any] = {}
    if fmt in ("transcript", "lrc"):
        kwargs = {"media_duration_ms": media_duration_ms, "warnings": warnings}
    elif fmt == "microdvd":
        kwargs = {"fps": fps, "strict_fps_inference": False}
        if fps is None and not _FPS_LINE.match(text.lstrip()):
            kwargs["fps"] = DEFAULT_FPS
            warnings.append(f"no frame rate in the file; assumed {DEFAULT_FPS} fps")
    try:
        READ_FORMATS[fmt].from_file(subs, io.StringIO(text), fmt, **kwargs)
    except CaptionError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise CaptionError(f"cannot be read as {fmt}: {exc}") from None
    except pysubs2.exceptions.Pysubs2Error as exc:
        raise CaptionError(f"cannot be read as {fmt}: {exc}") from None
    except Exception as exc:  # XML and JSON parsers raise their own error types
        raise CaptionError(f"cannot be read as {fmt}: {type(exc).__name__}: {exc}") from None
    return subs


def _check_line_lengths(text: str) -> None:
    """Refuse a line longer than MAX_LINE_CHARS (only files that long pay for the look)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    lengths = [len(line) for line in text.split("\n")]
    longest = max(lengths)
    if longest > MAX_LINE_CHARS:
        line = lengths.index(longest) + 1
        raise CaptionError(
            f"line {line} is {longest:,} characters long; not a caption file", line=line
        )


def _validate(subs: pysubs2.SSAFile, text: str, fmt: str) -> None:
    """Reject what pysubs2 let through: no cues, end before start, absurd times."""
    if not subs.events and not _valid_empty(text, fmt):
        raise CaptionError(f"no captions found (read as {fmt})")
    for number, event in enumerate(subs.events, start=1):
        start, end = event.start, event.end
        if start <= end and start >= 0 and end <= MAX_TIME_MS:
            continue
        # Only a bad cue pays for finding its line.
        line = _timing_line(text, number) if fmt in ("srt", "vtt") else None
        where = f"cue {number}"
        if end < start:
            raise CaptionError(f"{where} ends before it starts", line=line)
        raise CaptionError(f"{where} has a timestamp out of range", line=line)


def _valid_empty(text: str, fmt: str) -> bool:
    """An empty but valid file: a VTT with only its header, an ASS/SSA with no events."""
    if fmt == "vtt":
        if re.match(r"\ufeff?WEBVTT(?:[ \t]|\n|$)", text) is None:
            return False
        # Only the header and NOTE/STYLE/REGION blocks: anything else is a broken cue.
        blocks = re.split(r"\n[ \t]*\n", text.strip())[1:]
        return all(b.lstrip().startswith(("NOTE", "STYLE", "REGION")) for b in blocks)
    return fmt in ("ass", "ssa") and "[script info]" in text[:4096].lower()


def _timing_line(text: str, number: int) -> int | None:
    """1-based line of the `number`-th `-->` timing line of an SRT/VTT text."""
    seen = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        if "-->" in line:
            seen += 1
            if seen == number:
                return line_no
    return None


# Reading and writing files (kept importable from here for callers).
from captions.formats.fileio import (  # noqa: E402
    dumps,
    load,
    output_format,
    parse_bytes,
    read_file,
    save,
)

__all__ = [
    "DEFAULT_FPS",
    "EXTENSIONS",
    "FORMATS",
    "FORMAT_EXTENSION",
    "MAX_LINE_CHARS",
    "MAX_TIME_MS",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "FormatInfo",
    "check_format",
    "detect_format",
    "dumps",
    "format_for_path",
    "load",
    "output_format",
    "parse",
    "parse_bytes",
    "read_file",
    "save",
]
