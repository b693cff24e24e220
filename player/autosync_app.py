"""The full application: the editor plus auto-sync to the recording's speech, which runs in a
worker and ends in a review that previews the proposal before anything is kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from captions.edits import TimingEdit
from captions.track import Track
from player.dialogs.sync_review import SyncProgressScreen, SyncReviewScreen
from player.editor_app import EditorApp

if TYPE_CHECKING:
    from captions.sync.model import SyncResult


class SyncCancelled(Exception):
    """Raised from the decode progress callback to stop an auto-sync the user cancelled."""


class SyncProgress(Message):
    """Auto-sync decoding progress (0..1) from the worker."""

    def __init__(self, fraction: float, stage: str | None = None) -> None:
        self.fraction = fraction
        self.stage = stage
        super().__init__()


class SyncFinished(Message):
    """Auto-sync ended: a proposal, or a message saying why not."""

    def __init__(self, result: SyncResult | None, error: str | None) -> None:
        self.result = result
        self.error = error
        super().__init__()


class AutoSyncApp(EditorApp):
    """caption-player: playback, live captions, the timing editor and auto-sync."""

    #: The progress dialog while a sync runs; set when the user cancels it.
    _sync_progress: SyncProgressScreen | None = None
    _sync_cancelled = False

    # -- auto-sync ---------------------------------------------------------------------------------
    def action_auto_sync(self) -> None:
        document = self._doc()
        if document is None:
            return
        if self.session.media is None:
            self.notify("Auto-sync needs the recording: open a media file.", markup=False)
            return
        if self.backend is not None and self.backend.playing:
            self.action_toggle_pause()
        self._sync_cancelled = False
        self._sync_progress = SyncProgressScreen(self._cancel_sync)
        self.push_screen(self._sync_progress)
        # The progress dialog is modal, so no edit can change the track while this runs.
        self._run_sync(self.session.media, Track(subs=self.track.subs, format=self.track.format))

    def _cancel_sync(self) -> None:
        self._sync_cancelled = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def _run_sync(self, media: Path, track: Track) -> None:
        from captions.sync import SyncError, decode_speech, sync

        worker = get_current_worker()

        def progress(fraction: float) -> None:
            if self._sync_cancelled or worker.is_cancelled:
                raise SyncCancelled
            self.post_message(SyncProgress(fraction))

        try:
            speech = decode_speech(media, progress)
            self.post_message(SyncProgress(1.0, "Auto-sync: matching captions to speech…"))
            result = sync(track, speech)
            if self._sync_cancelled or worker.is_cancelled:
                raise SyncCancelled
        except SyncCancelled:
            self.post_message(SyncFinished(None, "Auto-sync cancelled."))
            return
        except SyncError as exc:
            self.post_message(SyncFinished(None, f"Auto-sync refused: {exc}"))
            return
        except Exception as exc:  # a decoder failure must not take the editor down
            self.post_message(SyncFinished(None, f"Auto-sync failed: {type(exc).__name__}: {exc}"))
            return
        self.post_message(SyncFinished(result, None))

    def on_sync_progress(self, message: SyncProgress) -> None:
        if self._sync_progress is not None:
            self._sync_progress.set_progress(message.fraction, message.stage)

    def on_sync_finished(self, message: SyncFinished) -> None:
        if self._sync_progress is not None:
            self._sync_progress.dismiss(None)
            self._sync_progress = None
        result, document = message.result, self.document
        if self._sync_cancelled and result is not None:
            result, message.error = None, "Auto-sync cancelled."
        if result is None or document is None:
            self.notify(
                message.error or "Auto-sync found nothing.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return
        if result.unchanged:
            self.notify(
                f"The captions already match the audio (confidence {result.confidence:.2f}); "
                "nothing to change.",
                markup=False,
            )
            return
        before = self.track.timing
        preview = TimingEdit(
            f"Auto-sync ({result.moved} cues moved, offset {result.offset_ms:+d} ms)",
            before,
            result.timing,
            clamped=result.clamped,
        )
        self._do(preview, quiet=True)
        texts = [event.plaintext for event in self.track.events]

        def answer(choice: str | None) -> None:
            if choice != "apply":
                edit = document.history.undo()
                if edit is not None:
                    self._edited(edit, verb="Cancelled: ")
            else:
                self.notify(f"Applied: {preview.label}. Ctrl+Z undoes it.", markup=False)

        self.push_screen(
            SyncReviewScreen(result, before, texts, self._play_from, self.action_toggle_pause),
            answer,
        )

    def _play_from(self, ms: int) -> None:
        self._seek(ms)
        if self.backend is not None and not self.backend.playing:
            self.action_toggle_pause()
