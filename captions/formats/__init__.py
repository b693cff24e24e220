"""One registry of caption formats: pysubs2 for every format it knows, plus the timestamped
transcript and LRC, behind the same load and save path."""

from __future__ import annotations

import io
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pysubs2
from pysubs2.formats import FORMAT_IDENTIFIER_TO_FORMAT_CLASS, autodetect_format
from pysubs2.formats.base import FormatBase

from captions.atomic import standard_stream, write_atomic
from captions.errors import CaptionError
from captions.formats.lrc import LRCFormat, lyric_lines
from captions.formats.timing_lines import check_timing_lines
from captions.formats.transcript import TranscriptFormat, timestamp_lines
from captions.paths import read_capped
from captions.textcodec import decode_text
from captions.track import Track

#: Our additions to pysubs2's formats.
EXTRA_FORMATS: dict[str, type[FormatBase]] = {
    "transcript": TranscriptFormat,
    "lrc": LRCFormat,
}
#: Every format we can read, by identifier.
READ_FORMATS: dict[str, type[FormatBase]] = {**FORMAT_IDENTIFIER_TO_FORMAT_CLASS, **EXTRA_FORMATS}
#: Formats we can write (pysubs2 reads but cannot write SAMI and Whisper-JAX).
WRITE_FORMATS: tuple[str, ...] = tuple(
    fmt
    for fmt, impl in READ_FORMATS.items()
    if "to_file" in impl.__dict__ or any("to_file" in c.__dict__ for c in impl.__mro__[:-2])
)
#: File extension -> format, for output paths and as a hint when reading.
EXTENSIONS: dict[str, str] = {
    ".srt": "srt",
    ".vtt": "vtt",
    ".ass": "ass",
    ".ssa": "ssa",
    ".sub": "microdvd",
    ".json": "json",
    ".mpl": "mpl2",
    ".tmp": "tmp",
    ".ttml": "ttml",
    ".dfxp": "ttml",
    ".sami": "sami",
    ".smi": "sami",
    ".txt": "transcript",
    ".lrc": "lrc",
}
#: Preferred extension of each writable format.
FORMAT_EXTENSION: dict[str, str] = {
    "srt": ".srt",
    "vtt": ".vtt",
    "ass": ".ass",
    "ssa": ".ssa",
    "microdvd": ".sub",
    "json": ".json",
    "mpl2": ".mpl",
    "tmp": ".tmp",
    "ttml": ".ttml",
    "transcript": ".txt",
    "lrc": ".lrc",
}
#: Frame rate used for frame-based formats (MicroDVD) when the file does not state one.
DEFAULT_FPS = 23.976
#: How much of a file format detection looks at.
_SNIFF_CHARS = 65536
#: Times beyond this are treated as corrupt (100 hours).
MAX_TIME_MS = 100 * 3_600_000
#: Line-based formats, and the longest line they may have before the file is refused as not
#: captions (a one-line 50 MB file would otherwise cost seconds and gigabytes to parse).
LINE_FORMATS = frozenset(
    {"srt", "vtt", "ass", "ssa", "microdvd", "mpl2", "tmp", "transcript", "lrc"}
)
MAX_LINE_CHARS = 1_000_000
#: Formats written as XML, and the characters XML 1.0 cannot hold (dropped when writing them).
XML_FORMATS = frozenset({"ttml"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        fmt = check_format(fmt) if fmt else detect_format(text, path)
        warnings: list[str] = []
        subs = pysubs2.SSAFile()
        subs.format = fmt
        kwargs: dict[str, Any] = {}
        if fmt in EXTRA_FORMATS:
            kwargs = {"media_duration_ms": media_duration_ms, "warnings": warnings}
        elif fmt == "microdvd":
            kwargs = {"fps": fps, "strict_fps_inference": False}
            if fps is None and not text.lstrip().startswith(("{1}{1}", "{0}{0}")):
                kwargs["fps"] = DEFAULT_FPS
                warnings.append(f"no frame rate in the file; assumed {DEFAULT_FPS} fps")
        if fmt in LINE_FORMATS:
            _check_line_lengths(text)
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
    )


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
    if fmt in ("srt", "vtt"):
        check_timing_lines(text, MAX_TIME_MS, fmt)
    if not subs.events:
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


def _timing_line(text: str, number: int) -> int | None:
    """1-based line of the `number`-th `-->` timing line of an SRT/VTT text."""
    seen = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        if "-->" in line:
            seen += 1
            if seen == number:
                return line_no
    return None


def read_file(path: str | Path) -> tuple[bytes, os.stat_result | None]:
    """A caption file's bytes (`-`: stdin) and the stat of the same open file (None for
    stdin), read with the input cap (`captions.paths`); CaptionError with the path when it
    cannot be read."""
    return read_capped(path)


def load(
    path: str | Path,
    fmt: str | None = None,
    *,
    encoding: str | None = None,
    media_duration_ms: int | None = None,
    fps: float | None = None,
) -> Track:
    """Read a caption file (`-` is stdin), detecting its encoding and format."""
    data, _ = read_file(path)
    return parse_bytes(
        data, fmt, path=path, encoding=encoding, media_duration_ms=media_duration_ms, fps=fps
    )


def parse_bytes(
    data: bytes,
    fmt: str | None = None,
    *,
    path: str | Path,
    encoding: str | None = None,
    media_duration_ms: int | None = None,
    fps: float | None = None,
) -> Track:
    """Decode (encoding detected unless given) and parse a caption file's bytes."""
    try:
        decoded = decode_text(data, encoding)
    except CaptionError as exc:
        exc.path = str(path)
        raise
    track = parse(
        decoded.text,
        fmt,
        path=path,
        encoding=decoded.codec,
        media_duration_ms=media_duration_ms,
        fps=fps,
    )
    track.warnings[:0] = decoded.warnings
    return track


def dumps(track: Track, fmt: str | None = None, *, fps: float | None = None) -> str:
    """The track as text in `fmt` (default: the format it was read in)."""
    fmt = check_format(fmt or track.format, write=True)
    kwargs: dict[str, Any] = {}
    if fmt == "microdvd":
        kwargs["fps"] = fps or track.subs.fps or DEFAULT_FPS
    out = io.StringIO()
    try:
        with warnings.catch_warnings():
            # pysubs2 only warns when it clamps a time the format cannot hold: refuse instead.
            warnings.simplefilter("error", RuntimeWarning)
            READ_FORMATS[fmt].to_file(track.subs, out, fmt, **kwargs)
    except RuntimeWarning as exc:
        raise CaptionError(
            f"cannot be written as {fmt}: a cue time is past the largest {fmt} can hold ({exc})"
        ) from None
    except pysubs2.exceptions.Pysubs2Error as exc:
        raise CaptionError(f"cannot be written as {fmt}: {exc}") from None
    if fmt in XML_FORMATS:
        # ElementTree writes control characters as they are, which no XML parser reads back.
        return _XML_ILLEGAL.sub("", out.getvalue())
    return out.getvalue()


def output_format(path: str | Path, fmt: str | None) -> str:
    """Format for an output path: explicit `fmt`, else from the extension."""
    if fmt:
        return check_format(fmt, write=True)
    guessed = format_for_path(path)
    if guessed is None or guessed not in WRITE_FORMATS:
        raise CaptionError(
            "cannot tell the output format from the extension; give --to "
            f"({', '.join(WRITE_FORMATS)})",
            path=path,
        )
    return guessed


def save(
    track: Track,
    path: str | Path,
    fmt: str | None = None,
    *,
    encoding: str = "utf-8",
    backup: bool = False,
    fps: float | None = None,
) -> Path | None:
    """Write the track atomically (`-` and `/dev/stdout` are stdout, `/dev/stderr` stderr,
    written through); returns the backup made, if any."""
    stream = standard_stream(path)
    fmt = (
        output_format(path, fmt)
        if stream is None
        else check_format(fmt or track.format, write=True)
    )
    text = dumps(track, fmt, fps=fps)
    try:
        data = text.encode(encoding)
    except LookupError:
        raise CaptionError(f"unknown encoding {encoding!r}") from None
    except UnicodeEncodeError as exc:
        raise CaptionError(
            f"the text has characters {encoding} cannot hold (first at character {exc.start}); "
            "use utf-8"
        ) from None
    if stream is not None:
        out = sys.stdout if stream == 1 else sys.stderr
        out.flush()
        out.buffer.write(data)
        out.buffer.flush()
        return None
    try:
        return write_atomic(Path(path), data, backup=backup)
    except OSError as exc:
        raise CaptionError(f"cannot write: {exc.strerror}", path=path) from None
