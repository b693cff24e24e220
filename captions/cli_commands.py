"""The `captions` command's built-in subcommands: info, convert, shift, retime and tidy (sync
and align register from their own packages)."""

from __future__ import annotations

import argparse
import json

from captions.cli_io import (
    _add_in_out,
    _add_input_options,
    _load_input,
    _note,
    _option,
    _write_output,
)
from captions.errors import CaptionError
from captions.formats import load
from captions.option_values import count, frame_rate, frame_rates, positive_number, scale_factor
from captions.text_safety import inert_json
from captions.timecode import format_duration, parse_duration, parse_time


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
    if args.from_time and args.from_time_old:
        raise CaptionError("give --from-time once (--from is its old spelling)")
    from_ms = None
    if args.from_time or args.from_time_old:
        name = "--from-time" if args.from_time else "--from"
        from_ms = _option(name, parse_time, args.from_time or args.from_time_old)
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


def register_builtin(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        "--from-time",
        dest="from_time",
        metavar="TIME",
        help="shift only cues starting at or after TIME (mm:ss.mmm, h:mm:ss.mmm or seconds)",
    )
    p.add_argument(
        "--from",
        dest="from_time_old",
        metavar="TIME",
        help="old spelling of --from-time, still accepted in shift (in the other commands "
        "--from is the input format, as --from-format is here)",
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
