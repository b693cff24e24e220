"""Forced alignment in the editor, with no UI: decode the recording, align each cue's words to
the speech (captions.align, in worker processes), and turn the result into one undoable edit.
Runs on a worker thread; `cancelled()` is asked after every decoded block and aligned window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from captions.align.edit import AlignEdit
from captions.errors import CaptionError
from captions.track import Timing, Track

if TYPE_CHECKING:
    from captions.align.engine import AlignResult

CANCELLED = "Alignment cancelled: nothing changed."
#: Below this share of words in the English dictionary, the text is taken for another language.
ENGLISH_SHARE = 0.5
#: Look this far around each cue's current time (as `captions align`'s default).
PAD_MS = 500
FALLBACK_NOTE = (
    "Most words are not in the English dictionary (pocketsphinx has English only): cues were "
    "aligned to speech activity instead, with no word times."
)

Report = Callable[[float, str | None], None]


@dataclass(frozen=True)
class AlignOutcome:
    """The alignment found, or a message saying why there is none; `note` says what the user
    should know about how it was found (another language: speech activity only)."""

    result: AlignResult | None
    error: str | None
    note: str | None = None


#: What the editor calls to align (tests inject a fake): media, a view of the track, progress
#: (fraction, stage), cancelled.
Aligner = Callable[[Path, Track, Report, Callable[[], bool]], AlignOutcome]


class _Cancelled(Exception):
    pass


def _blocks(media: Path, limit_ms: int, cancelled: Callable[[], bool]) -> Iterator[Any]:
    """The media's audio up to `limit_ms`, stopping when cancelled."""
    from captions.align.command import decode_until

    for block in decode_until(media, limit_ms):
        if cancelled():
            raise _Cancelled
        yield block


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (forkserver workers need it) with a real
    stderr. It hands `sys.stderr.fileno()` to its process, and under Textual `sys.stderr` is a
    capture whose fileno() is -1: the start fails with "bad value(s) in fds_to_keep". So the
    real stream stands in for the moment of the start (Textual itself writes to the terminal
    through its driver, not through sys.stderr)."""
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        usable = False
    if usable or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def run_alignment(
    media: Path, track: Track, progress: Report, cancelled: Callable[[], bool]
) -> AlignOutcome:
    """Align `track` (a view of the captions: the caller keeps edits away meanwhile) to the
    speech in `media`."""
    import numpy as np

    from captions.align.activity import activity_align
    from captions.align.engine import AlignCancelled, AlignOptions, english_share, force_align

    if not len(track):
        return AlignOutcome(None, "There are no cues to align.")
    limit_ms = max(track.timing.ends) + PAD_MS + 1000
    note = None

    def windows(done: int, total: int) -> None:
        progress(done / total if total else 1.0, f"Aligning words: {done} of {total} windows")

    try:
        blocks = _blocks(media, limit_ms, cancelled)
        if english_share(track) >= ENGLISH_SHARE:
            start_resource_tracker()
            options = AlignOptions(pad_ms=PAD_MS, start_method="forkserver")
            result = force_align(track, blocks, options, windows, cancelled)
        else:
            note = FALLBACK_NOTE
            progress(0.0, "Aligning to speech activity…")
            result = activity_align(track.timing, np.concatenate(list(blocks)), PAD_MS)
        if cancelled():
            raise _Cancelled
    except (_Cancelled, AlignCancelled):
        return AlignOutcome(None, CANCELLED)
    except CaptionError as exc:
        return AlignOutcome(None, f"Alignment refused: {exc}")
    except Exception as exc:  # a decoder or worker failure must not take the editor down
        return AlignOutcome(None, f"Alignment failed: {type(exc).__name__}: {exc}")
    return AlignOutcome(result, None, note)


def alignment_edit(result: AlignResult, before: Timing) -> AlignEdit:
    """The alignment as one undoable edit: starts and ends from the speech, words kept."""
    return AlignEdit(
        f"Align to speech ({result.aligned} of {len(before)} cues by {result.method})",
        before,
        result.timing,
        words=dict(result.word_times),
    )
