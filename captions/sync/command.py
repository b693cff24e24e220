"""`captions sync MEDIA IN OUT`: align a caption file to the speech in a recording."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from captions.cli import _add_in_out, _load_input, _option, _write_output
from captions.errors import CaptionError
from captions.timecode import format_duration, format_time, parse_duration

if TYPE_CHECKING:
    from captions.sync.model import SyncResult

#: Default of --max-offset (ms), as `SyncOptions.max_offset_ms`.
DEFAULT_MAX_OFFSET_MS = 60_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sync` subcommand."""
    p = subparsers.add_parser(
        "sync",
        help="align captions to the speech in a recording",
        description="Find the offset, speed and split points that line the captions up with "
        "the speech in MEDIA, print them, and write the retimed captions to OUT. Refuses "
        "(exit 2, nothing written) when nothing matches well.",
    )
    p.add_argument("media", metavar="MEDIA", help="audio or video file")
    _add_in_out(p)
    p.add_argument("--max-offset", metavar="D", help="largest offset to look for (60s)")
    p.add_argument("--no-drift", action="store_true", help="constant offset only, no speed change")
    p.add_argument("--no-splits", action="store_true", help="one offset for the whole file")
    p.add_argument(
        "--vad", metavar="N", type=int, choices=range(4), default=2, help="VAD aggressiveness 0-3"
    )
    p.add_argument("--json", action="store_true", help="print what was found as one JSON object")
    p.set_defaults(handler=run)


def _max_offset(text: str | None) -> int:
    if text is None:
        return DEFAULT_MAX_OFFSET_MS
    value = _option("--max-offset", parse_duration, text)
    if value <= 0:
        raise CaptionError(f"--max-offset: must be positive, not {text!r}")
    return value


def report(result: SyncResult, cues: int) -> dict[str, Any]:
    """What was found, as plain data (the --json output)."""
    return {
        "unchanged": result.unchanged,
        "offset_ms": result.offset_ms,
        "speed": result.speed,
        "segments": [
            {"from_ms": s.source_start_ms, "offset_ms": s.offset_ms, "speed": s.speed}
            for s in result.segments
        ],
        "confidence": result.confidence,
        "part_confidence": result.part_confidence,
        "moved": result.moved,
        "cues": cues,
        "clamped": result.clamped,
        "decode_s": round(result.decode_s, 3),
        "align_s": round(result.align_s, 3),
    }


def describe(result: SyncResult, cues: int) -> str:
    """What was found, for people."""
    parts = ", ".join(f"{name} {value:.2f}" for name, value in result.part_confidence.items())
    timing = f"decode {result.decode_s:.1f} s, align {result.align_s:.1f} s"
    if result.unchanged:
        return (
            f"already in sync: nothing changed\n"
            f"confidence {result.confidence:.2f} ({parts}); {timing}"
        )
    lines = [f"offset {format_duration(result.offset_ms)}"]
    if result.speed != 1.0:
        lines.append(f"speed {result.speed:.6f} (captions run {1 / result.speed:.4f}x the media)")
    else:
        lines.append("speed 1 (no drift)")
    for segment in result.segments[1:]:
        lines.append(
            f"split at {format_time(segment.source_start_ms or 0)}: "
            f"offset {format_duration(segment.offset_ms)}"
        )
    if len(result.segments) == 1:
        lines.append("no splits")
    lines.append(f"confidence {result.confidence:.2f} ({parts})")
    clamped = f"; {result.clamped} clamped at 0" if result.clamped else ""
    lines.append(f"moved {result.moved} of {cues} cues{clamped}; {timing}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Decode, align, report, write OUT (only when the alignment is trusted)."""
    from captions.sync.audio import decode_speech
    from captions.sync.engine import sync
    from captions.sync.model import SyncOptions

    options = SyncOptions(
        max_offset_ms=_max_offset(args.max_offset),
        drift=not args.no_drift,
        splits=not args.no_splits,
    )
    track = _load_input(args)
    speech = decode_speech(Path(args.media), aggressiveness=args.vad)
    result = sync(track, speech, options)
    if not result.unchanged:
        track.apply_timing(result.timing)
    _write_output(args, track)
    out = sys.stderr if args.output == "-" else sys.stdout
    if args.json:
        print(json.dumps(report(result, len(track))), file=out)
    else:
        print(describe(result, len(track)), file=out)
    return 0
