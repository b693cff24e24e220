"""`captions sync MEDIA IN OUT`: align a caption file to the speech in a recording."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from captions.cli_io import _add_in_out, _load_input, _option, _write_output, report_stream
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
        "the speech in MEDIA, snap each cue start to its speech onset where that is clear, "
        "print what was found, and write the retimed captions to OUT. Refuses (exit 2, "
        "nothing written) when nothing matches well; Ctrl+C cancels with nothing written. "
        "Progress goes to stderr (a bar on a terminal), and so does the report when OUT is "
        "stdout. Bounds: the offset search never goes beyond the media's length; at most "
        "50,000 spoken cues; the search's memory "
        "stays under 256 MB plus 1 MB per minute of media, beyond the loaded captions.",
    )
    p.add_argument("media", metavar="MEDIA", help="audio or video file")
    _add_in_out(p)
    p.add_argument(
        "--max-offset",
        metavar="D",
        help="largest offset to look for (60s, at most the media's length)",
    )
    p.add_argument("--no-drift", action="store_true", help="constant offset only, no speed change")
    p.add_argument("--no-splits", action="store_true", help="one offset for the whole file")
    p.add_argument(
        "--no-refine", action="store_true", help="keep the fitted times, no snap to onsets"
    )
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
        "summary": result.summary,
        "moved": result.moved,
        "refined": {str(i): ms for i, ms in result.refined.items()},
        "cues": cues,
        "clamped": result.clamped,
        "decode_s": round(result.decode_s, 3),
        "align_s": round(result.align_s, 3),
    }


def describe(result: SyncResult, cues: int) -> str:
    """What was found, for people."""
    parts = ", ".join(f"{name} {value:.2f}" for name, value in result.part_confidence.items())
    timing = f"decode {result.decode_s:.1f} s, align {result.align_s:.1f} s"
    lines = [result.summary, f"confidence {result.confidence:.2f} ({parts})"]
    if not result.unchanged:
        clamped = f"; {result.clamped} clamped at 0" if result.clamped else ""
        lines.append(f"moved {result.moved} of {cues} cues{clamped}")
        if result.refined:
            moves = sorted(abs(ms) for ms in result.refined.values())
            lines.append(
                f"refined {len(moves)} cue starts to their speech onsets "
                f"(median {moves[len(moves) // 2]} ms, largest {moves[-1]} ms)"
            )
    lines.append(timing)
    return "\n".join(lines)


def _check_max_offset(args: argparse.Namespace, max_offset_ms: int, media_ms: int) -> None:
    """An explicit --max-offset beyond the media's length is refused."""
    if args.max_offset is not None and max_offset_ms > media_ms:
        raise CaptionError(
            f"--max-offset: {format_duration(max_offset_ms)} is longer than the media "
            f"({format_time(media_ms)}); give at most its length"
        )


def run(args: argparse.Namespace) -> int:
    """Decode, align, report, write OUT (only when the alignment is trusted)."""
    from captions.sync.audio import decode_speech
    from captions.sync.engine import sync
    from captions.sync.model import SyncOptions
    from captions.sync.progress import Progress

    options = SyncOptions(
        max_offset_ms=_max_offset(args.max_offset),
        drift=not args.no_drift,
        splits=not args.no_splits,
        refine=not args.no_refine,
    )
    track = _load_input(args)
    progress = Progress(sys.stderr)
    try:
        speech = decode_speech(Path(args.media), progress.fraction, aggressiveness=args.vad)
        progress.end()
        _check_max_offset(args, options.max_offset_ms, speech.duration_ms)
        result = sync(track, speech, options, progress.stage)
    except KeyboardInterrupt:
        progress.end()
        print("captions: sync cancelled; nothing written", file=sys.stderr)
        return 130
    finally:
        progress.end()
    if not result.unchanged:
        track.apply_timing(result.timing)
    _write_output(args, track)
    out = report_stream(args.output)  # stderr when OUT is stdout: never mixed into the captions
    if args.json:
        print(json.dumps(report(result, len(track))), file=out)
    else:
        print(describe(result, len(track)), file=out)
    return 0
