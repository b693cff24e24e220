"""The `captions info` report: what a caption file holds, as a dict (for JSON) and as text."""

from __future__ import annotations

from typing import Any

from captions.text_safety import inert
from captions.timecode import format_time
from captions.track import Track


def count_overlaps(track: Track) -> int:
    """Cues that start before some earlier-starting cue has ended."""
    pairs = sorted((e.start, e.end) for e in track.events)
    overlaps = 0
    latest_end: int | None = None
    for start, end in pairs:
        if latest_end is not None and start < latest_end:
            overlaps += 1
        latest_end = end if latest_end is None else max(latest_end, end)
    return overlaps


def build_info(track: Track, *, detected: bool = True) -> dict[str, Any]:
    """Everything `info` reports, JSON-ready. Times in ms, with `mm:ss.mmm` strings beside."""
    from captions.tidy import TidyLimits, over_limits

    events = track.events
    first = min((e.start for e in events), default=None)
    last = max((e.end for e in events), default=None)
    span = last - first if first is not None and last is not None else None
    return {
        "file": str(track.path) if track.path is not None else "-",
        "format": track.format,
        "format_detected": detected,
        "encoding": track.encoding,
        "cues": len(events),
        "first_start_ms": first,
        "last_end_ms": last,
        "duration_ms": span,
        "first_start": format_time(first) if first is not None else None,
        "last_end": format_time(last) if last is not None else None,
        "duration": format_time(span) if span is not None else None,
        "overlaps": count_overlaps(track),
        "over_tidy_limits": dict(over_limits(events, TidyLimits())),
        "warnings": list(track.warnings),
    }


def render_info(info: dict[str, Any]) -> str:
    """The report as aligned `label: value` lines, control characters shown visibly."""
    over = info["over_tidy_limits"]
    over_text = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in over.items() if v) or "none"
    rows = [
        ("file", info["file"]),
        ("format", f"{info['format']} ({'detected' if info['format_detected'] else 'given'})"),
        ("encoding", info["encoding"]),
        ("cues", str(info["cues"])),
        ("first start", info["first_start"] or "-"),
        ("last end", info["last_end"] or "-"),
        ("duration", info["duration"] or "-"),
        ("overlaps", str(info["overlaps"])),
        ("over tidy limits", over_text),
    ]
    warnings = info["warnings"] or ["none"]
    rows += [("warnings" if i == 0 else "", w) for i, w in enumerate(warnings)]
    width = max(len(label) for label, _ in rows) + 2
    # The file name, encoding and warnings come from the user and the file: never raw.
    return "\n".join(
        (f"{label}:" if label else "").ljust(width) + inert(value) for label, value in rows
    )
