"""Auto-sync, with no UI: decode the recording's speech, match the captions to it, and turn the
result into one reviewable timing edit. Runs on a worker thread; `cancelled()` is asked often."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from captions.edits import TimingEdit
from captions.track import Timing, Track

if TYPE_CHECKING:
    from captions.sync.model import SyncResult

CANCELLED = "Auto-sync cancelled."


class SyncCancelled(Exception):
    """Raised from the decode progress callback to stop an auto-sync the user cancelled."""


@dataclass(frozen=True)
class SyncOutcome:
    """A proposal, or a message saying why there is none."""

    result: SyncResult | None
    error: str | None


#: What the editor calls to auto-sync (tests inject a fake): media, a view of the track,
#: progress (fraction, stage), cancelled.
AutoSyncer = Callable[
    [Path, Track, Callable[[float, str | None], None], Callable[[], bool]], SyncOutcome
]


def run_auto_sync(
    media: Path,
    track: Track,
    progress: Callable[[float, str | None], None],
    cancelled: Callable[[], bool],
) -> SyncOutcome:
    """Match `track` (a view of the captions: the caller keeps edits away meanwhile) to the
    speech in `media`; `progress(fraction, stage)` reports decoding."""
    from captions.speech.cache import EnvelopeCache
    from captions.sync import SyncError, sync

    def decoded(fraction: float) -> None:
        if cancelled():
            raise SyncCancelled
        progress(fraction, None)

    try:
        # The audio strip's envelope holds exactly decode_speech's flags (same decode, same
        # detector): reopened from the cache when the strip has analysed this file, else
        # computed here and cached for the strip.
        speech = EnvelopeCache().load_or_compute(media, decoded).to_speech_signal()
        progress(1.0, "Auto-sync: matching captions to speech…")
        result = sync(track, speech)
        if cancelled():
            raise SyncCancelled
    except SyncCancelled:
        return SyncOutcome(None, CANCELLED)
    except SyncError as exc:
        return SyncOutcome(None, f"Auto-sync refused: {exc}")
    except Exception as exc:  # a decoder failure must not take the editor down
        return SyncOutcome(None, f"Auto-sync failed: {type(exc).__name__}: {exc}")
    return SyncOutcome(result, None)


def proposal_edit(result: SyncResult, before: Timing) -> TimingEdit:
    """The proposal as one undoable edit."""
    return TimingEdit(
        f"Auto-sync ({result.moved} cues moved, offset {result.offset_ms:+d} ms)",
        before,
        result.timing,
        clamped=result.clamped,
    )
