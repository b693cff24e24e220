"""The timing editor's actions: offsets as in mpv but saved, "this line starts now", anchors
and resync, per-cue times, text and segmentation, tidy."""

from __future__ import annotations

from textual import work

from captions.document import Document
from captions.edits import Edit
from captions.errors import CaptionError
from captions.tidy import TidyLimits, tidy
from captions.timing import Anchor
from player.dialogs.busy import BusyScreen
from player.dialogs.resync import ResyncScreen
from player.dialogs.text_edit import TextEditResult, TextEditScreen
from player.dialogs.tidy import TidyScreen
from player.document_app import DocumentApp
from player.journal import Journal
from player.keymap import APP_KEYS, EDITOR_KEYS, bindings
from player.session import Session


class EditorApp(DocumentApp):
    """Caption player plus timing and text editing."""

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
        super().__init__(session, document, journal=journal)
        self.step_ms = step_ms
        self.anchors: list[Anchor] = []

    def after_edit(self) -> None:
        if self.anchors:
            self.anchors = []
            self.notify(
                "Resync anchors cleared: the timing changed since they were marked.", markup=False
            )

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
