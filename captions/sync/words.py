"""What auto-sync found, in plain words: "offset -4.350 s, speed 1.0007 (the audio runs
0.07 % slower), no cuts"."""

from __future__ import annotations

from captions.sync.model import SyncSegment
from captions.timecode import format_time


def seconds(ms: int) -> str:
    """`+4.350 s`, `-0.020 s`."""
    return f"{ms / 1000:+.3f} s"


def speed_words(speed: float) -> str:
    """`speed 1.0007 (the audio runs 0.07 % slower)`, or `speed 1 (no drift)`."""
    if speed == 1.0:
        return "speed 1 (no drift)"
    how = "slower" if speed > 1 else "faster"
    return f"speed {speed:.6g} (the audio runs {abs(speed - 1) * 100:.2f} % {how})"


def describe_model(segments: list[SyncSegment], unchanged: bool, refined: int) -> str:
    """One line for the model, plus how many cue starts were refined."""
    if unchanged:
        return "already in sync: nothing changed"
    first = segments[0]
    parts = [f"offset {seconds(first.offset_ms)}", speed_words(first.speed)]
    cuts = segments[1:]
    if not cuts:
        parts.append("no cuts")
    else:
        where = ", ".join(
            f"at {format_time(c.source_start_ms or 0)} offset {seconds(c.offset_ms)}" for c in cuts
        )
        parts.append(f"{len(cuts)} cut{'s' if len(cuts) > 1 else ''} ({where})")
    text = ", ".join(parts)
    if refined:
        text += f"; {refined} cue start{'s' if refined > 1 else ''} snapped to the speech"
    return text
