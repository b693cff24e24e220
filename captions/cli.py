"""The `captions` command: inspect, convert and retime caption files.

Every subcommand is an argparse subparser whose `handler(args) -> int` does the work. Errors are
one line on stderr, `captions: error: FILE[:LINE]: message`, with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from captions.atomic import check_regular, standard_stream, write_target
from captions.errors import CaptionError
from captions.format_limits import check_times_fit
from captions.formats import WRITE_FORMATS, load, output_format, save
from captions.option_values import (
    count,
    frame_rate,
    frame_rates,
    join_negative_values,
    option_value,
    positive_number,
    scale_factor,
)
from captions.paths import DEFAULT_READ_LIMIT, parse_size, set_read_limit
from captions.text_safety import inert_json, inert_line
from captions.timecode import format_duration, parse_duration, parse_time
from captions.track import Track

PROG = "captions"
#: Modules that add subcommands: each has `register(subparsers)`. Add one line per module.
COMMAND_MODULES: tuple[str, ...] = ("captions.sync.command", "captions.align.command")

#: Options whose value may start with "-" (a negative duration, or a bad value we report).
_SIGNED_OPTIONS = frozenset(
    {
        *("--by", "--max-duration", "--min-duration", "--min-gap", "--max-cps", "--scale"),
        *("--map", "--fps", "--frame-rate", "--max-offset", "--media-duration", "--from"),
        *("--max-line-chars", "--max-lines"),
    }
)

#: Parse an option value; a bad one becomes a CaptionError naming the option.
_option = option_value


def _note(message: str) -> None:
    """A note or warning on stderr, one line, with file names and content made inert."""
    print(f"{PROG}: {inert_line(message)}", file=sys.stderr)


# --- shared input / output -------------------------------------------------------------------


def _add_input_options(parser: argparse.ArgumentParser, *, from_flag: bool = True) -> None:
    flags = ("--from", "--from-format") if from_flag else ("--from-format",)
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
    parser.add_argument("--to", dest="to_format", metavar="FMT", help="output format")
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
    """Save to OUT; when OUT is IN, the original is kept as IN.bak first. A command that
    edits (shift, retime, tidy, sync) keeps the input's encoding unless asked; a conversion
    writes UTF-8. What the output format cannot hold is reported; nothing is written when a
    cue ends later than the output format can hold."""
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
    made = save(track, args.output, fmt, encoding=encoding, backup=backup, fps=fps, losses=losses)
    for loss in losses:
        _note(f"warning: {loss}")
    if made is not None:
        _note(f"kept the original as {made}")


# --- subcommands ----------------------------------------------------------------------------


def _info(args: argparse.Namespace) -> int:
    from captions.info import build_info, render_info

    track = load(
        args.file,
        args.from_format,
        encoding=args.encoding,
        media_duration_ms=(
            _option("--media-duration", parse_time, args.media_duration)
            if args.media_duration
            else None
        ),
    )
    info = build_info(track, detected=args.from_format is None)
    info["file"] = args.file
    if args.json:
        print(inert_json(json.dumps(info, ensure_ascii=False)))
    else:
        print(render_info(info))
    return 0


def _convert(args: argparse.Namespace) -> int:
    fps = _option("--frame-rate", frame_rate, args.frame_rate) if args.frame_rate else None
    track = _load_input(args, fps=fps)
    _write_output(args, track, fps=fps, convert=True)
    return 0


def _shift(args: argparse.Namespace) -> int:
    from captions.timing import shift

    by = _option("--by", parse_duration, args.by)
    from_ms = _option("--from", parse_time, args.from_time) if args.from_time else None
    track = _load_input(args)
    result = shift(track.timing, by, from_ms=from_ms)
    moved = sum(1 for s in track.timing.starts if from_ms is None or s >= from_ms)
    track.apply_timing(result.timing)
    _write_output(args, track)
    _note(
        f"shifted {moved} of {len(track)} cues by {format_duration(by)}; "
        f"{result.clamped} clamped at 0"
    )
    return 0


def _parse_map(text: str) -> tuple[int, int]:
    source, sep, target = text.partition("=")
    if not sep:
        raise ValueError(f"invalid map {text!r}: use SRC=DST, for example 10.5=12.0")
    return parse_time(source), parse_time(target)


def _retime(args: argparse.Namespace) -> int:
    from captions.timing import Anchor, convert_framerate, linear_map, piecewise_map, scale

    chosen = [bool(args.map), args.scale is not None, args.fps is not None]
    if sum(chosen) != 1:
        raise CaptionError("give either --map SRC=DST twice or more, or --scale F, or --fps IN:OUT")
    anchors = [Anchor(*_option("--map", _parse_map, m)) for m in args.map or []]
    if args.map and len(anchors) < 2:
        raise CaptionError("--map needs two anchors or more (for a constant offset use shift)")
    factor = _option("--scale", scale_factor, args.scale) if args.scale else None
    fps = _option("--fps", frame_rates, args.fps) if args.fps else None
    chosen_option = "--scale" if factor is not None else "--fps" if fps is not None else "--map"
    track = _load_input(args)
    try:
        if factor is not None:
            result = scale(track.timing, factor)
        elif fps is not None:
            result = convert_framerate(track.timing, *fps)
        elif len(anchors) == 2:
            result = linear_map(track.timing, anchors[0], anchors[1])
        else:
            result = piecewise_map(track.timing, anchors)
    except (ValueError, OverflowError) as exc:
        raise CaptionError(f"{chosen_option}: {exc}") from None
    track.apply_timing(result.timing)
    _write_output(args, track)
    _note(f"retimed {len(track)} cues; {result.clamped} clamped at 0")
    return 0


def _tidy(args: argparse.Namespace) -> int:
    from captions.tidy import TidyLimits, tidy

    defaults = TidyLimits()
    line_chars = (
        _option("--max-line-chars", count, args.max_line_chars) if args.max_line_chars else None
    )
    lines = _option("--max-lines", count, args.max_lines) if args.max_lines else None
    if args.reflow or line_chars is not None or lines is not None:
        line_chars = line_chars if line_chars is not None else 42
        lines = lines if lines is not None else 2
    if (line_chars is not None and line_chars < 1) or (lines is not None and lines < 1):
        raise CaptionError("--max-line-chars and --max-lines must be at least 1")
    limits = TidyLimits(
        max_duration_ms=_duration_opt(
            "--max-duration", args.max_duration, defaults.max_duration_ms
        ),
        min_duration_ms=_duration_opt(
            "--min-duration", args.min_duration, defaults.min_duration_ms
        ),
        min_gap_ms=_duration_opt("--min-gap", args.min_gap, defaults.min_gap_ms),
        max_cps=(
            _option("--max-cps", positive_number, args.max_cps)
            if args.max_cps
            else defaults.max_cps
        ),
        max_line_chars=line_chars,
        max_lines=lines,
    )
    track = _load_input(args)
    result = tidy(track.events, limits)
    track.subs.events = result.events
    track.changed()
    _write_output(args, track)
    _note(f"tidied {len(track)} cues: {result.changed} changed, {result.split} split")
    return 0


def _duration_opt(name: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    value = _option(name, parse_duration, text)
    if value < 0:
        raise CaptionError(f"{name}: must not be negative, not {text!r}")
    return value


# --- parser ---------------------------------------------------------------------------------


def _register_builtin(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("info", help="what a caption file holds")
    p.add_argument("file", metavar="FILE", help="caption file, or - for stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    _add_input_options(p)
    p.set_defaults(handler=_info)

    p = sub.add_parser("convert", help="change format or encoding")
    _add_in_out(p)
    p.add_argument("--frame-rate", metavar="FPS", help="frame rate of MicroDVD (.sub) files")
    p.set_defaults(handler=_convert)

    p = sub.add_parser("shift", help="move cues earlier or later")
    _add_in_out(p, from_flag=False)
    p.add_argument("--by", required=True, metavar="DURATION", help="1.5s, -250ms, +1500 (ms)")
    p.add_argument(
        "--from",
        dest="from_time",
        metavar="TIME",
        help="shift only cues starting at or after TIME (mm:ss.mmm, h:mm:ss.mmm or seconds)",
    )
    p.set_defaults(handler=_shift)

    p = sub.add_parser("retime", help="fix offset and drift from anchors, scale or frame rate")
    _add_in_out(p)
    p.add_argument(
        "--map", action="append", metavar="SRC=DST", help="caption time SRC plays at DST"
    )
    p.add_argument("--scale", metavar="F", help="multiply every time by F")
    p.add_argument("--fps", metavar="IN:OUT", help="frame-rate conversion, e.g. 25:23.976")
    p.set_defaults(handler=_retime)

    p = sub.add_parser("tidy", help="make cues readable: durations, gaps, reading speed")
    _add_in_out(p)
    p.add_argument("--max-duration", metavar="D", help="longest a cue may show (7s)")
    p.add_argument("--min-duration", metavar="D", help="shortest a cue may show (0.8s)")
    p.add_argument("--min-gap", metavar="D", help="smallest gap between cues (80ms)")
    p.add_argument("--max-cps", metavar="N", help="fastest reading speed, characters/s (20)")
    p.add_argument("--max-line-chars", metavar="N", help="reflow text to lines of N chars")
    p.add_argument("--max-lines", metavar="N", help="at most N lines per cue, else split")
    p.add_argument("--reflow", action="store_true", help="reflow to 2 lines of 42 chars")
    p.set_defaults(handler=_tidy)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, `captions: error: …`, exit status 2 (the
    usage is one `--help` away). Subcommand parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {inert_line(message)} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser: argparse.ArgumentParser = OneLineParser(
        prog=PROG, description="Inspect, convert and retime caption files."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _register_builtin(sub)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(join_negative_values(argv, _SIGNED_OPTIONS))
    try:
        size = getattr(args, "max_input_size", None)
        set_read_limit(
            _option("--max-input-size", parse_size, size) if size else DEFAULT_READ_LIMIT
        )
        status = int(args.handler(args))
        sys.stdout.flush()
        return status
    except CaptionError as exc:
        return _error(str(exc))
    except (ValueError, OverflowError) as exc:
        return _error(str(exc))
    except BrokenPipeError:
        _silence_broken_stdout()
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        _note("interrupted")
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, never a traceback
        if os.environ.get("CAPTIONS_DEBUG"):
            raise
        return _error(
            f"internal error: {type(exc).__name__}: {exc} (CAPTIONS_DEBUG=1 shows more)", 1
        )


def _error(message: str, status: int = 2) -> int:
    _silence_broken_stdout()
    print(f"{PROG}: error: {inert_line(message)}", file=sys.stderr)
    return status


def _silence_broken_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the exit flush cannot raise."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
