"""The forced-alignment flow of the main screen, run as a worker: align in a thread behind a
cancellable progress dialog, preview the proposal, then apply it (one undoable edit that sets
starts and ends from the speech and keeps the word times) or undo it. An alignment takes about
a minute for a long talk: while the cues' times and texts are what it was found for, the next
Shift+W shows its review again at once (Esc in the review threw it away)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from captions.track import Timing
from player.editing.align import CANCELLED, AlignOutcome, alignment_edit
from player.editing.outcome import NO_CUES, NO_DOCUMENT, Outcome
from player.ui.dialogs.align_review import AlignReviewScreen
from player.ui.screens.proposal_flow import analyse, review

if TYPE_CHECKING:
    from player.ui.screens.main import MainScreen


@dataclass(frozen=True)
class AlignmentMemo:
    """An alignment and what it was found for."""

    timing: Timing
    texts: tuple[str, ...]
    outcome: AlignOutcome


async def align(ui: MainScreen) -> None:
    """Align every cue's words to the speech, review, apply or undo."""
    editing = ui.player.editing
    if editing.document is None or not len(editing.track):
        ui.show(
            Outcome(
                message=NO_DOCUMENT if editing.document is None else NO_CUES, severity="warning"
            )
        )
        return
    texts = tuple(event.text for event in editing.track.events)
    memo = ui.last_alignment
    if memo is not None and memo.timing == editing.track.timing and memo.texts == texts:
        outcome, cancelled = memo.outcome, False
    else:
        title = "Aligning words to the speech…"
        analysed = await analyse(ui, "Alignment", ui.player.aligner, title)
        if analysed is None:
            return
        outcome, cancelled = analysed
        if outcome.result is not None and not cancelled:
            ui.last_alignment = AlignmentMemo(editing.track.timing, texts, outcome)
    result = None if cancelled else outcome.result
    if result is None:
        error = CANCELLED if cancelled else outcome.error
        ui.notify(error or "Alignment found nothing.", severity="warning", markup=False, timeout=8)
        return
    found = result

    def make_review(before: Timing, texts: list[str]) -> AlignReviewScreen:
        return AlignReviewScreen(
            found, before, texts, outcome.note, ui.play_from, ui.action_toggle_pause
        )

    applied = await review(ui, lambda before: alignment_edit(found, before), make_review)
    if applied is not None:
        ui.last_alignment = None
        ui.notify(f"Applied: {applied.label}. Ctrl+Z undoes it.", markup=False)
    else:
        ui.say("Cancelled the alignment: Shift+W shows its review again, until a cue changes.")
