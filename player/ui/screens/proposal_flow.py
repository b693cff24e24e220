"""The steps auto-sync and forced alignment share: analyse the recording in a thread behind a
cancellable progress dialog, then preview the proposal as an edit, review it, and keep it (one
undoable edit) or undo it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from captions.edits import Edit
from captions.track import Timing, Track
from player.editing.outcome import Outcome
from player.ui.dialogs.review_base import ReviewScreen
from player.ui.dialogs.sync_review import SyncProgressScreen

if TYPE_CHECKING:
    from player.ui.screens.main import MainScreen

OutcomeT = TypeVar("OutcomeT")
EditT = TypeVar("EditT", bound=Edit)
#: An analysis: media, a view of the track, progress (fraction, stage), cancelled.
Analysis = Callable[
    [Path, Track, Callable[[float, str | None], None], Callable[[], bool]], OutcomeT
]


async def analyse(
    ui: MainScreen, needs: str, analysis: Analysis[OutcomeT], title: str | None = None
) -> tuple[OutcomeT, bool] | None:
    """Run `analysis` on the recording in a thread behind a progress dialog (`title`, or the
    dialog's own); the outcome and whether the user cancelled. None, said in a notice, when
    no media is open (`needs` names the command)."""
    player, editing = ui.player, ui.player.editing
    media = player.settings.media
    if media is None:
        ui.notify(f"{needs} needs the recording: open a media file.", markup=False)
        return None
    if player.playback.playing:
        ui.action_toggle_pause()
    cancelled = False

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True

    progress = SyncProgressScreen(cancel) if title is None else SyncProgressScreen(cancel, title)
    ui.sync_progress = progress
    player.push_screen(progress)

    def report(fraction: float, stage: str | None) -> None:
        player.call_from_thread(progress.set_progress, fraction, stage)

    # The progress dialog is modal, so no edit can change the track while this runs.
    view = Track(subs=editing.track.subs, format=editing.track.format)
    try:
        outcome = await asyncio.to_thread(analysis, media, view, report, lambda: cancelled)
    finally:
        progress.dismiss(None)
        ui.sync_progress = None
    return outcome, cancelled


async def review(
    ui: MainScreen,
    make_edit: Callable[[Timing], EditT],
    make_review: Callable[[Timing, list[str]], ReviewScreen],
) -> EditT | None:
    """Apply the proposal (`make_edit` of the timing before) quietly as a preview and show
    `make_review(before, texts)`: Apply keeps the edit and returns it; Cancel undoes it."""
    editing = ui.player.editing
    before = editing.track.timing
    preview = make_edit(before)
    ui.show(editing.apply_edit(preview, quiet=True))
    texts = [event.plaintext for event in editing.track.events]
    if await ui.player.push_screen_wait(make_review(before, texts)) == "apply":
        return preview
    undone = editing.undo()
    ui.show(Outcome(edit=undone.edit, verb="Cancelled: ", notes=undone.notes))
    return None
