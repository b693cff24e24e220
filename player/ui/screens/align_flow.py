"""The forced-alignment flow of the main screen, run as a worker: align in a thread behind a
cancellable progress dialog, preview the proposal, then apply it (one undoable edit that sets
starts and ends from the speech and keeps the word times) or undo it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from captions.track import Track
from player.editing.align import CANCELLED, alignment_edit
from player.editing.session import NO_CUES, NO_DOCUMENT, Outcome
from player.ui.dialogs.align_review import AlignReviewScreen
from player.ui.dialogs.sync_review import SyncProgressScreen

if TYPE_CHECKING:
    from player.ui.screens.main import MainScreen


async def align(ui: MainScreen) -> None:
    """Align every cue's words to the speech, review, apply or undo."""
    player, editing = ui.player, ui.player.editing
    if editing.document is None or not len(editing.track):
        ui.show(
            Outcome(
                message=NO_DOCUMENT if editing.document is None else NO_CUES, severity="warning"
            )
        )
        return
    media = player.settings.media
    if media is None:
        ui.notify("Alignment needs the recording: open a media file.", markup=False)
        return
    if player.playback.playing:
        ui.action_toggle_pause()
    cancelled = False

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True

    progress = ui.sync_progress = SyncProgressScreen(cancel, "Aligning words to the speech…")
    player.push_screen(progress)

    def report(fraction: float, stage: str | None) -> None:
        player.call_from_thread(progress.set_progress, fraction, stage)

    # The progress dialog is modal, so no edit can change the track while this runs.
    view = Track(subs=editing.track.subs, format=editing.track.format)
    try:
        outcome = await asyncio.to_thread(player.aligner, media, view, report, lambda: cancelled)
    finally:
        progress.dismiss(None)
        ui.sync_progress = None
    result = None if cancelled else outcome.result
    if result is None:
        error = CANCELLED if cancelled else outcome.error
        ui.notify(error or "Alignment found nothing.", severity="warning", markup=False, timeout=8)
        return
    before = editing.track.timing
    preview = alignment_edit(result, before)
    ui.show(editing.apply_edit(preview, quiet=True))
    texts = [event.plaintext for event in editing.track.events]
    review = AlignReviewScreen(
        result, before, texts, outcome.note, ui.play_from, ui.action_toggle_pause
    )
    if await player.push_screen_wait(review) == "apply":
        ui.notify(f"Applied: {preview.label}. Ctrl+Z undoes it.", markup=False)
        return
    undone = editing.undo()
    ui.show(Outcome(edit=undone.edit, verb="Cancelled: ", notes=undone.notes))
