"""Caption files in and out: read bytes, decode, parse; write a track back (through the
source map in its own format, else converted), atomically."""

from __future__ import annotations

import io
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import pysubs2

from captions.atomic import standard_stream, write_atomic
from captions.errors import CaptionError
from captions.formats import (
    DEFAULT_FPS,
    FORMATS,
    READ_FORMATS,
    WRITE_FORMATS,
    check_format,
    convert,
    format_for_path,
    parse,
    subrip_vtt,
)
from captions.formats.ttml import XML_ILLEGAL
from captions.paths import read_capped
from captions.textcodec import decode_text
from captions.track import Track


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


def dumps(
    track: Track,
    fmt: str | None = None,
    *,
    fps: float | None = None,
    losses: list[str] | None = None,
) -> str:
    """The track as text in `fmt` (default: the format it was read in). In the format it was
    read in, the source is written back with only what the edits changed; a conversion adds
    to `losses` what the target cannot hold."""
    fmt = check_format(fmt or track.format, write=True)
    if fmt == track.format and track.source is not None:
        return track.source.render(track.events)
    notes: list[str] = []
    if fmt in ("srt", "vtt"):
        text, notes = subrip_vtt.convert(track.events, fmt, track.format, track.source)
        notes.extend(convert.source_losses(track, fmt))
    else:
        text = _pysubs2_dumps(convert.plain_subs(track, fmt, notes), fmt, track, fps)
    if losses is not None:
        losses.extend(notes)
    return text


def _pysubs2_dumps(subs: pysubs2.SSAFile, fmt: str, track: Track, fps: float | None) -> str:
    kwargs: dict[str, Any] = {}
    if fmt == "microdvd":
        kwargs["fps"] = fps or track.subs.fps or DEFAULT_FPS
        # A frame rate line only when the source had one or a rate was given: never the default.
        kwargs["write_fps_declaration"] = fps is not None or track.subs.fps is not None
    out = io.StringIO()
    try:
        with warnings.catch_warnings():
            # pysubs2 only warns when it clamps a time the format cannot hold: refuse instead.
            warnings.simplefilter("error", RuntimeWarning)
            READ_FORMATS[fmt].to_file(subs, out, fmt, **kwargs)
    except RuntimeWarning as exc:
        raise CaptionError(
            f"cannot be written as {fmt}: a cue time is past the largest {fmt} can hold ({exc})"
        ) from None
    except pysubs2.exceptions.Pysubs2Error as exc:
        raise CaptionError(f"cannot be written as {fmt}: {exc}") from None
    if FORMATS[fmt].xml:
        # ElementTree writes control characters as they are, which no XML parser reads back.
        return XML_ILLEGAL.sub("", out.getvalue())
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
    encoding: str | None = "utf-8",
    backup: bool = False,
    fps: float | None = None,
    losses: list[str] | None = None,
) -> Path | None:
    """Write the track atomically (`-` and `/dev/stdout` are stdout, `/dev/stderr` stderr,
    written through); returns the backup made, if any. With
    `encoding=None`, a save in the track's own format writes the file's own encoding (and
    BOM), a conversion UTF-8."""
    stream = standard_stream(path)
    fmt = (
        output_format(path, fmt)
        if stream is None
        else check_format(fmt or track.format, write=True)
    )
    text = dumps(track, fmt, fps=fps, losses=losses)
    if encoding is None:
        encoding = track.encoding if fmt == track.format else "utf-8"
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
