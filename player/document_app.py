"""The player with a caption document open: every change is an undoable edit, shown at once,
journaled for crash recovery within a second, saved atomically with a backup of the original,
exported to any format; quitting with unsaved changes asks."""

from __future__ import annotations

from pathlib import Path

from textual.timer import Timer

from captions.document import ChangedOnDiskError, Document, ExportExistsError
from captions.edits import Edit
from captions.errors import CaptionError
from player.app import CaptionPlayerApp
from player.dialogs.choice import ChoiceScreen
from player.dialogs.export import ExportScreen
from player.journal import Journal
from player.session import Session

#: The journal is written this long after an edit (the promise is "within a second").
JOURNAL_DELAY_S = 0.5


class DocumentApp(CaptionPlayerApp):
    """Undo/redo, save, export, quit prompt and crash recovery of the open caption file."""

    def __init__(
        self, session: Session, document: Document | None, *, journal: Journal | None = None
    ) -> None:
        super().__init__(session)
        self.document = document
        # Serialising 100,000 cues takes a few hundred ms: written on the journal's own thread.
        self.journal = journal or Journal(background=True)
        self._journal_timer: Timer | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self._update_title()
        document = self.document
        if document is None:
            return
        recovery = self.journal.pending(document.path, document)
        if recovery is None:
            return

        def answer(choice: str | None) -> None:
            if choice == "restore":
                edit = self.journal.restore(document, recovery)
                if edit is not None:
                    self._edited(edit)
            elif choice == "discard":
                self.journal.discard(document.path)

        self.push_screen(
            ChoiceScreen(
                "Recover unsaved edits?",
                f"{document.path.name}: {recovery.summary}. Restore them (one step: Ctrl+Z "
                "takes them back), or discard them for good?",
                [("discard", "Discard", "error"), ("restore", "Restore", "primary")],
                # Esc restores: the safe answer, since a restore can be undone and the new
                # session's journal would otherwise overwrite the old one.
                cancel_id="restore",
            ),
            answer,
        )

    def media_ready(self, duration_ms: int) -> None:
        """Transcripts and LRC have no end for their last cue: now that the media's length is
        known, it ends there (as if loaded with it), unless the user has started editing."""
        document = self.document
        if document is None or document.format not in ("transcript", "lrc") or not duration_ms:
            return
        history = document.history
        if history.can_undo or history.can_redo or not len(self.track):
            return
        last = self.track.events[-1]
        if last.start < duration_ms and last.end != duration_ms:
            last.end = duration_ms
            self.track.changed()

    # -- applying edits ---------------------------------------------------------------------------
    def _doc(self) -> Document | None:
        if self.document is None:
            self.notify(
                "No caption file is open: nothing to edit.", severity="warning", markup=False
            )
        return self.document

    def _do(self, edit: Edit | None, *, quiet: bool = False) -> None:
        """Apply an edit (None: nothing to change) and show it everywhere."""
        document = self.document
        if document is None or edit is None:
            if edit is None and not quiet:
                self.notify("Nothing to change.", markup=False)
            return
        document.do(edit)
        self._edited(edit, quiet=quiet)

    def _edited(self, edit: Edit, *, verb: str = "", quiet: bool = False) -> None:
        """After do/undo/redo: refresh list, highlight, title, status; journal soon."""
        track = self.track
        view = self.transcript
        view.set_rows(len(track))
        self.search_box.search.reset(len(track))
        self.search_box.prepare()
        focus = getattr(edit, "focus", None)
        if isinstance(focus, int) and 0 <= focus < len(track):
            view.cursor_to_row(focus, notify=False)
        if self.loop_event is not None:
            # Timing edits keep the event object; a structural edit of it replaces it.
            found = next((i for i, e in enumerate(track.events) if e is self.loop_event), None)
            self.loop_cue = found
            if found is None:
                self.loop_event = None
                self.notify("Loop stopped: the looped cue was changed.", markup=False)
        self.after_edit()
        if self.document is not None:
            self.offset_ms = self.document.history.offset_ms
            self.journal.note_change(self.document)
            if self._journal_timer is None:
                self._journal_timer = self.set_timer(JOURNAL_DELAY_S, self._flush_journal)
        self._shown_cue = -1
        self.resync_highlight()
        self._update_title()
        self.refresh_status()
        if not quiet:
            self.notify(f"{verb}{edit.label}", timeout=2, markup=False)

    def after_edit(self) -> None:
        """A hook for subclasses: an edit was made, undone or redone."""

    def _flush_journal(self) -> None:
        self._journal_timer = None
        problems = []
        try:
            self.journal.flush()
        except OSError as exc:
            problems.append(f"crash journal not written: {exc.strerror}")
        for problem in problems + self.journal.take_errors():
            self.notify(problem, severity="error", markup=False)

    def on_unmount(self) -> None:
        super().on_unmount()
        self.journal.close()

    def _update_title(self) -> None:
        dirty = self.document is not None and self.document.dirty
        self.title = "caption-player ● unsaved" if dirty else "caption-player"

    def _cursor_cue(self) -> int | None:
        """The cue under the cursor (the spoken one while following)."""
        if not len(self.track):
            self.notify("There are no cues.", severity="warning", markup=False)
            return None
        return self.transcript.cursor

    def _guard(self, make: object) -> None:
        """Run an edit-building callable; CaptionError becomes a notification."""
        try:
            edit = make() if callable(make) else None
        except (CaptionError, ValueError) as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self._do(edit)

    # -- undo, save, export, quit -----------------------------------------------------------------
    def action_undo(self) -> None:
        if (document := self._doc()) is None:
            return
        edit = document.history.undo()
        if edit is None:
            self.notify("Nothing to undo.", markup=False)
        else:
            self._edited(edit, verb="Undid: ")

    def action_redo(self) -> None:
        if (document := self._doc()) is None:
            return
        edit = document.history.redo()
        if edit is None:
            self.notify("Nothing to redo.", markup=False)
        else:
            self._edited(edit, verb="Redid: ")

    def save(self, *, force: bool = False) -> bool:
        """Save over the caption file; asks before overwriting a file changed on disk."""
        document = self.document
        if document is None:
            return False
        try:
            backup = document.save(force=force)
        except ChangedOnDiskError as exc:

            def answer(choice: str | None) -> None:
                if choice == "overwrite":
                    self.save(force=True)

            self.push_screen(
                ChoiceScreen(
                    "File changed on disk",
                    str(exc),
                    [("cancel", "Cancel", "default"), ("overwrite", "Overwrite", "error")],
                    cancel_id="cancel",
                ),
                answer,
            )
            return False
        except CaptionError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        self.journal.saved(document)
        notes = [f"Saved {document.path.name}"]
        if backup is not None:
            notes.append(f"original kept as {backup.name}")
        notes += document.notes
        self.notify("; ".join(notes) + ".", markup=False)
        self._update_title()
        return True

    def action_save(self) -> None:
        if self._doc() is not None:
            self.save()

    def action_export(self) -> None:
        document = self._doc()
        if document is None:
            return

        def default_path(fmt: str) -> Path:
            return document.default_export_path(fmt)

        def export(target: tuple[str, Path] | None, overwrite: bool = False) -> None:
            if target is None:
                return
            fmt, path = target
            try:
                written = document.export(path, fmt, overwrite=overwrite)
            except ExportExistsError as exc:
                self.push_screen(
                    ChoiceScreen(
                        "Overwrite?",
                        str(exc),
                        [("cancel", "Cancel", "default"), ("overwrite", "Overwrite", "error")],
                        cancel_id="cancel",
                    ),
                    lambda choice: export(target, True) if choice == "overwrite" else None,
                )
                return
            except CaptionError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Exported {written}.", markup=False)
            self._update_title()

        self.push_screen(ExportScreen(document.format, default_path), export)

    async def action_quit(self) -> None:
        document = self.document
        if document is None or not document.dirty:
            await super().action_quit()
            return

        async def answer(choice: str | None) -> None:
            if choice == "save" and self.save():
                await super(DocumentApp, self).action_quit()
            elif choice == "discard":
                self.journal.discard(document.path)
                await super(DocumentApp, self).action_quit()

        self.push_screen(
            ChoiceScreen(
                "Unsaved changes",
                f"{document.path.name} has unsaved changes.",
                [
                    ("cancel", "Cancel", "default"),
                    ("discard", "Discard", "error"),
                    ("save", "Save", "primary"),
                ],
                cancel_id="cancel",
            ),
            answer,
        )
