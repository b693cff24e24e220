"""The player with the timing editor: every change is an undoable edit of the caption file,
journaled for crash recovery, saved atomically with a backup of the original."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.timer import Timer

from captions.document import ChangedOnDiskError, Document, ExportExistsError
from captions.edits import Edit
from captions.errors import CaptionError
from captions.tidy import TidyLimits, tidy
from captions.timing import Anchor
from player.app import CaptionPlayerApp
from player.dialogs.busy import BusyScreen
from player.dialogs.choice import ChoiceScreen
from player.dialogs.export import ExportScreen
from player.dialogs.resync import ResyncScreen
from player.dialogs.text_edit import TextEditResult, TextEditScreen
from player.dialogs.tidy import TidyScreen
from player.journal import Journal
from player.keymap import APP_KEYS, EDITOR_KEYS, bindings
from player.session import Session

#: The journal is written this long after an edit (the promise is "within a second").
JOURNAL_DELAY_S = 0.5


class EditorApp(CaptionPlayerApp):
    """Caption player plus timing and text editing, undo, save, export and recovery."""

    BINDINGS = bindings(EDITOR_KEYS)
    PALETTE_KEYS = APP_KEYS + EDITOR_KEYS

    def __init__(
        self,
        session: Session,
        document: Document | None,
        *,
        journal: Journal | None = None,
        step_ms: int = 100,
    ) -> None:
        super().__init__(session)
        self.document = document
        # Serialising 100,000 cues takes a few hundred ms: written on the journal's own thread.
        self.journal = journal or Journal(background=True)
        self.step_ms = step_ms
        self.anchors: list[Anchor] = []
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
        if self.anchors:
            self.anchors = []
            self.notify(
                "Resync anchors cleared: the timing changed since they were marked.", markup=False
            )
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

    # -- timing -------------------------------------------------------------------------------
    def action_offset(self, delta_ms: int) -> None:
        if (document := self._doc()) is not None:
            self._guard(lambda: document.edits.shift_all(delta_ms))

    def action_starts_now(self, only_later: int) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            playhead = self.position_ms()
            self._guard(
                lambda: document.edits.starts_now(index, playhead, only_later=bool(only_later))
            )

    def action_set_start(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            self._guard(lambda: document.edits.set_start(index, self.position_ms()))

    def action_set_end(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            self._guard(lambda: document.edits.set_end(index, self.position_ms()))

    def action_nudge(self, start: int, end: int) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            self._guard(
                lambda: document.edits.nudge(
                    index, start_by=start * self.step_ms, end_by=end * self.step_ms
                )
            )

    def action_anchor(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is None or index is None:
            return
        anchor = document.edits.anchor_now(index, self.position_ms())
        self.anchors = [a for a in self.anchors if a.source != anchor.source] + [anchor]
        self.anchors.sort(key=lambda a: a.source)
        count = len(self.anchors)
        hint = "; mark one more far from it" if count == 1 else "; Shift+A to preview the resync"
        self.notify(f"Anchor {count}: cue {index + 1} is heard now{hint}.", markup=False)

    def action_resync(self) -> None:
        document = self._doc()
        if document is None:
            return
        preview, error = None, ""
        if len(self.anchors) < 2:
            error = "Mark at least two anchors with `a`: one cue early in the talk, one late."
        else:
            try:
                preview = document.edits.resync(self.anchors)
            except (CaptionError, ValueError) as exc:
                error = str(exc)

        def answer(choice: str | None) -> None:
            if choice == "apply" and preview is not None:
                self.anchors = []
                self._do(preview.edit)
            elif choice == "clear":
                self.anchors = []
                self.notify("Anchors cleared.", markup=False)

        self.push_screen(ResyncScreen(list(self.anchors), preview, error), answer)

    # -- text and segmentation --------------------------------------------------------------------
    def action_edit_text(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is None or index is None:
            return
        event = self.track.events[index]

        def answer(result: TextEditResult | None) -> None:
            if result is None:
                return
            split_at = result.split_at
            if split_at is None:
                self._guard(lambda: document.edits.set_text(index, result.text))
                return
            playhead = self.position_ms()
            self._guard(
                lambda: document.edits.set_text_and_split(index, result.text, playhead, split_at)
            )

        self.push_screen(TextEditScreen(f"Cue {index + 1}", event.plaintext), answer)

    def action_split(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            playhead = self.position_ms()
            self._guard(lambda: document.edits.split(index, playhead))

    def action_merge(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            self._guard(lambda: document.edits.merge_next(index))

    def action_delete_cue(self) -> None:
        document, index = self._doc(), self._cursor_cue()
        if document is not None and index is not None:
            self._guard(lambda: document.edits.delete(index))

    def action_insert_cue(self) -> None:
        if (document := self._doc()) is not None:
            playhead = self.position_ms()
            self._guard(lambda: document.edits.insert(playhead))

    def action_tidy(self) -> None:
        document = self._doc()
        if document is None:
            return

        def preview(limits: TidyLimits) -> tuple[int, int]:
            result = tidy(self.track.events, limits)
            return result.changed, result.split

        def answer(limits: TidyLimits | None) -> None:
            if limits is not None:
                # Tidy takes about half a second at 100,000 cues: computed in a worker behind
                # a dialog (which also holds the keys), applied here when it is done.
                self.push_screen(BusyScreen("Tidying…"))
                self._tidy_in_worker(document, limits)

        self.push_screen(TidyScreen(preview), answer)

    @work(thread=True, exclusive=True, exit_on_error=False, group="tidy")
    def _tidy_in_worker(self, document: Document, limits: TidyLimits) -> None:
        try:
            edit = document.edits.tidy(limits)
        except (CaptionError, ValueError) as exc:
            self.call_from_thread(self._tidy_done, None, str(exc))
            return
        self.call_from_thread(self._tidy_done, edit, None)

    def _tidy_done(self, edit: Edit | None, problem: str | None) -> None:
        if isinstance(self.screen, BusyScreen):
            self.screen.dismiss(None)
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
        else:
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
        media = self.session.media

        def default_path(fmt: str) -> Path:
            return document.default_export_path(fmt, media)

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
                await super(EditorApp, self).action_quit()
            elif choice == "discard":
                self.journal.discard(document.path)
                await super(EditorApp, self).action_quit()

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
