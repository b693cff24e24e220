"""The `captions` command's shared input and output: IN/OUT arguments, loading IN, checking and
writing OUT, notes on stderr, and where a command's report goes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from captions.atomic import check_regular, standard_stream, write_target
from captions.errors import CaptionError
from captions.format_limits import check_times_fit
from captions.formats import WRITE_FORMATS, load, output_format, save
from captions.option_values import option_value
from captions.text_safety import inert_line
from captions.timecode import parse_time
from captions.track import Track
from captions.zero_clamp import clamped_at_zero

PROG = "captions"

#: Parse an option value; a bad one becomes a CaptionError naming the option.
_option = option_value


def _note(message: str) -> None:
    """A note or warning on stderr, one line, with file names and content made inert."""
    print(f"{PROG}: {inert_line(message)}", file=sys.stderr)


def _add_input_options(parser: argparse.ArgumentParser, *, from_flag: bool = True) -> None:
    """Input options. Formats are `--from-format`/`--to-format` in every command, `--from`/`--to`
    for short, except in `shift`, whose `--from` was a time before `--from-time` (`from_flag`
    False keeps that old spelling working there)."""
    flags = ("--from-format", "--from") if from_flag else ("--from-format",)
    parser.add_argument(*flags, dest="from_format", metavar="FMT", help="input format")
    parser.add_argument("--encoding", metavar="ENC", help="input encoding (default: detected)")
    parser.add_argument(
        "--max-input-size",
        metavar="SIZE",
        help="refuse an input larger than SIZE (default 256M; K, M, G are powers of 1024)",
    )
    parser.add_argument(
        "--media-duration",
        metavar="TIME",
        help="media length: where the last cue of a transcript or LRC file ends",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to-format", "--to", dest="to_format", metavar="FMT", help="output format"
    )
    parser.add_argument(
        "--output-encoding",
        metavar="ENC",
        help="output encoding (convert: utf-8; other commands: the input's own)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite OUT if it exists (as ffmpeg's -y)"
    )


def _add_in_out(parser: argparse.ArgumentParser, *, from_flag: bool = True) -> None:
    parser.add_argument("input", metavar="IN", help="caption file, or - for stdin")
    parser.add_argument("output", metavar="OUT", help="file to write, or - for stdout")
    _add_input_options(parser, from_flag=from_flag)
    _add_output_options(parser)


def _load_input(args: argparse.Namespace, *, fps: float | None = None) -> Track:
    _check_output(args)  # before any work: a refused OUT must not cost a long run
    media = args.media_duration
    track = load(
        args.input,
        args.from_format,
        encoding=args.encoding,
        media_duration_ms=_option("--media-duration", parse_time, media) if media else None,
        fps=fps,
    )
    for warning in track.warnings:
        _note(f"warning: {args.input}: {warning}")
    return track


def _same_file(a: str, b: str) -> bool:
    if "-" in (a, b):
        return False
    try:
        return Path(a).resolve() == Path(b).resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _check_output(args: argparse.Namespace) -> None:
    """OUT is `-` (or /dev/stdout, /dev/stderr), a new path, IN itself, or, with --force, an
    existing regular file; a device, FIFO, directory or socket is never written over."""
    out = args.output
    if standard_stream(out) is not None:
        return
    target = write_target(Path(out))
    check_regular(target, shown=Path(out))
    if os.path.lexists(out) and not args.force and not _same_file(args.input, out):
        raise CaptionError(
            "exists already and is not the input; give --force to overwrite it", path=out
        )


def _write_output(
    args: argparse.Namespace, track: Track, *, fps: float | None = None, convert: bool = False
) -> None:
    """Save to OUT, times below 0 written as 0; when OUT is IN, the original is kept as IN.bak
    first. A command that edits (shift, retime, tidy, sync) keeps the input's encoding unless
    asked; a conversion writes UTF-8. What the output format cannot hold is reported; nothing
    is written when a cue ends later than the output format can hold."""
    _check_output(args)
    fmt = args.to_format
    if fmt is None and standard_stream(args.output) is not None:
        if track.format not in WRITE_FORMATS:
            raise CaptionError(
                f"{track.format} can be read but not written; give --to FMT "
                f"({', '.join(WRITE_FORMATS)})"
            )
        fmt = track.format
    check_times_fit((e.end for e in track.events), fmt or output_format(args.output, None))
    backup = _same_file(args.input, args.output)
    encoding = args.output_encoding or ("utf-8" if convert else None)
    losses: list[str] = []
    with clamped_at_zero(track):  # times below 0 (after shift/retime) are written as 0
        made = save(
            track, args.output, fmt, encoding=encoding, backup=backup, fps=fps, losses=losses
        )
    for loss in losses:
        _note(f"warning: {loss}")
    if made is not None:
        _note(f"kept the original as {made}")


def report_stream(output: str) -> TextIO:
    """Where a command prints what it did: stdout, unless OUT is stdout itself (`-`,
    /dev/stdout), whose bytes are the captions; then stderr."""
    return sys.stderr if standard_stream(output) == 1 else sys.stdout
