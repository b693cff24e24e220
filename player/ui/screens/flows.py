"""Dialog flows of the main screen, each straight-line code run as a worker: ask with
`push_screen_wait`, act on the answer (no callbacks that re-enter themselves)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from captions.document import ChangedOnDiskError, ExportExistsError
from captions.errors import CaptionError
from captions.tidy import TidyLimits
from captions.tidy import tidy as tidy_events
from captions.timecode import format_time
from captions.track import Timing
from player.editing.autosync import CANCELLED, proposal_edit
from player.editing.outcome import NO_CUES, NO_DOCUMENT, Outcome
from player.ui.dialogs.busy import BusyScreen
from player.ui.dialogs.choice import Answer, ChoiceScreen
from player.ui.dialogs.export import ExportScreen
from player.ui.dialogs.resync import AnchorRow, ResyncScreen
from player.ui.dialogs.sync_review import SyncReviewScreen
from player.ui.dialogs.text_edit import TextEditScreen
from player.ui.dialogs.tidy import TidyScreen
from player.ui.screens.proposal_flow import analyse, review

if TYPE_CHECKING:
    from player.ui.screens.main import MainScreen

OVERWRITE: list[Answer] = [("cancel", "Cancel", "default"), ("overwrite", "Overwrite", "error")]
SAVE_ANYWAY: list[Answer] = [("cancel", "Cancel", "default"), ("overwrite", "Save anyway", "error")]


async def ask(ui: MainScreen, title: str, message: str, answers: list[Answer], cancel: str) -> str:
    """Show a ChoiceScreen and wait for the answer's id."""
    answer = await ui.app.push_screen_wait(ChoiceScreen(title, message, answers, cancel))
    return answer or cancel


def _usable(ui: MainScreen, *, cue: bool = False) -> bool:
    """A document is open (and has a cue under the cursor); otherwise say why not."""
    editing = ui.player.editing
    if editing.document is None:
        ui.show(Outcome(message=NO_DOCUMENT, severity="warning"))
        return False
    if cue and not len(editing.track):
        ui.show(Outcome(message=NO_CUES, severity="warning"))
        return False
    return True


async def recover(ui: MainScreen) -> None:
    """Offer the unsaved edits a killed session left in the journal."""
    editing = ui.player.editing
    recovery, document = editing.pending_recovery(), editing.document
    if recovery is None or document is None:
        return
    choice = await ask(
        ui,
        "Recover unsaved edits?",
        f"{document.path.name}: {recovery.summary}. Restore them (one step: Ctrl+Z "
        "takes them back), or discard them for good?",
        [("discard", "Discard", "error"), ("restore", "Restore", "primary")],
        # Esc restores: the safe answer, since a restore can be undone and the new session's
        # journal would otherwise overwrite the old one.
        cancel="restore",
    )
    if choice == "restore":
        ui.show(editing.restore(recovery))
    else:
        editing.discard_journal()


async def save(ui: MainScreen, *, force: bool = False, read_only_ok: bool = False) -> bool:
    """Save over the caption file; asks first before overwriting a read-only file (as vim
    does: root would write it silently) or one changed on disk."""
    if not _usable(ui):
        return False
    editing = ui.player.editing
    mode = None if read_only_ok else editing.read_only_mode()
    if mode is not None and editing.document is not None:
        message = (
            f"{editing.document.path.name} is read-only (mode {mode:04o}). Save over it anyway? "
            "It stays read-only."
        )
        if await ask(ui, "File is read-only", message, SAVE_ANYWAY, "cancel") != "overwrite":
            return False
        read_only_ok = True
    try:
        notice = editing.save(force=force)
    except ChangedOnDiskError as exc:
        if await ask(ui, "File changed on disk", str(exc), OVERWRITE, "cancel") == "overwrite":
            return await save(ui, force=True, read_only_ok=read_only_ok)
        return False
    except CaptionError as exc:
        ui.attention(str(exc), severity="error")
        return False
    ui.say(notice)
    ui.update_title()
    return True


async def export(ui: MainScreen) -> None:
    """Choose a format and path, ask before overwriting, export."""
    editing = ui.player.editing
    document = editing.document
    if document is None or not _usable(ui):
        return
    dialog = ExportScreen(
        document.format,
        document.default_export_path,
        has_word_times=bool(editing.track.word_times),
    )
    target = await ui.app.push_screen_wait(dialog)
    if target is None:
        return
    fmt, path = target
    stamps = dialog.word_stamps
    try:
        notice = editing.export(path, fmt, word_stamps=stamps)
    except ExportExistsError as exc:
        if await ask(ui, "Overwrite?", str(exc), OVERWRITE, "cancel") != "overwrite":
            return
        try:
            notice = editing.export(path, fmt, overwrite=True, word_stamps=stamps)
        except CaptionError as again:
            ui.attention(str(again), severity="error")
            return
    except CaptionError as exc:
        ui.attention(str(exc), severity="error")
        return
    ui.say(notice)
    ui.update_title()


async def quit(ui: MainScreen) -> None:
    """Quit; with unsaved changes, ask to save, discard or cancel first."""
    editing = ui.player.editing
    document = editing.document
    if document is not None and editing.dirty:
        choice = await ask(
            ui,
            "Unsaved changes",
            f"{document.path.name} has unsaved changes.",
            [
                ("cancel", "Cancel", "default"),
                ("discard", "Discard", "error"),
                ("save", "Save", "primary"),
            ],
            "cancel",
        )
        if choice == "cancel" or (choice == "save" and not await save(ui)):
            return
        if choice == "discard":
            editing.discard_journal()
    ui.player.shutdown()
    ui.app.exit(0)


async def resync(ui: MainScreen) -> None:
    """Preview the resync the anchors give; apply it, clear the anchors, or cancel."""
    if not _usable(ui):
        return
    editing = ui.player.editing
    events = editing.track.events
    rows = []
    for anchor in editing.anchors:
        cue = editing.anchor_cue(anchor)
        rows.append(AnchorRow(anchor, cue, events[cue].plaintext if cue is not None else ""))
    answer = await ui.app.push_screen_wait(ResyncScreen(rows, editing.resync_preview))
    editing.anchors = list(answer.anchors)  # removals stand, whatever the answer
    preview, error = editing.resync_preview()
    if answer.choice == "apply" and preview is not None:
        editing.anchors.clear()
        ui.show(editing.apply_edit(preview.edit))
    elif answer.choice == "apply":
        ui.say(error, warning=True)
    elif answer.choice == "clear":
        ui.show(editing.clear_anchors())


async def edit_text(ui: MainScreen) -> None:
    """Edit the text of the cue under the cursor (and optionally split it)."""
    if not _usable(ui, cue=True):
        return
    index = ui.cursor
    event = ui.player.playback.track.events[index]
    dialog = TextEditScreen(f"Cue {index + 1}", event.plaintext, (event.start, event.end))
    result = await ui.app.push_screen_wait(dialog)
    if result is not None:
        split_ms = result.split_ms if result.split_ms is not None else ui.playhead
        ui.show(ui.player.editing.set_text(index, result.text, result.split_at, split_ms))


async def insert_cue(ui: MainScreen) -> None:
    """Ask for the new cue's text, then insert it at the playhead (Esc inserts nothing)."""
    if not _usable(ui):
        return
    at = ui.playhead
    dialog = TextEditScreen(f"New cue at {format_time(at)}", "", keep_label="Insert")
    result = await ui.app.push_screen_wait(dialog)
    if result is not None:
        ui.show(ui.player.editing.insert(at, result.text))


async def tidy(ui: MainScreen) -> None:
    """Choose limits (with a live preview), then tidy in a thread behind a busy dialog."""
    if not _usable(ui):
        return
    editing = ui.player.editing

    def preview(limits: TidyLimits) -> tuple[int, int]:
        result = tidy_events(editing.track.events, limits)
        return result.changed, result.split

    limits = await ui.app.push_screen_wait(TidyScreen(preview))
    if limits is None:
        return
    # About half a second at 100,000 cues: computed off the UI thread, behind a dialog that
    # also holds the keys until the result is applied.
    busy = BusyScreen("Tidying…")
    ui.app.push_screen(busy)
    try:
        edit = await asyncio.to_thread(editing.tidy_edit, limits)
    except (CaptionError, ValueError) as exc:
        busy.dismiss(None)
        ui.say(str(exc), warning=True)
        return
    busy.dismiss(None)
    ui.show(editing.apply_edit(edit) if edit is not None else Outcome(message="Nothing to change."))


async def auto_sync(ui: MainScreen) -> None:
    """Analyse the recording in a thread, preview the proposal, then apply or undo it."""
    if not _usable(ui):
        return
    analysed = await analyse(ui, "Auto-sync", ui.player.auto_syncer)
    if analysed is None:
        return
    outcome, cancelled = analysed
    result, error = outcome.result, outcome.error
    if cancelled and result is not None:
        result, error = None, CANCELLED
    if result is None:
        ui.notify(error or "Auto-sync found nothing.", severity="warning", markup=False, timeout=8)
        return
    if result.unchanged:
        ui.notify(
            f"The captions already match the audio (confidence {result.confidence:.2f}); "
            "nothing to change.",
            markup=False,
        )
        return
    found = result

    def make_review(before: Timing, texts: list[str]) -> SyncReviewScreen:
        return SyncReviewScreen(found, before, texts, ui.play_from, ui.action_toggle_pause)

    applied = await review(ui, lambda before: proposal_edit(found, before), make_review)
    if applied is not None:
        ui.say(f"Applied: {applied.label}. Ctrl+Z undoes it.")
