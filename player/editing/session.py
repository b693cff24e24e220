"""The open caption file's editing session, with no UI: the document, its crash journal, the
resync anchors, the nudge step and the global offset. Every operation returns an `Outcome`
saying what changed (an edit to show) or why nothing did (a message); the screen repaints and
notifies from it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from captions.document import Document
from captions.edits import Edit
from captions.errors import CaptionError
from captions.formats.reading_time import STARTS_ONLY
from captions.history import ResyncPreview
from captions.speech.envelope import Envelope
from captions.speech.snap import snap_end, snap_start
from captions.tidy import TidyLimits
from captions.timing import Anchor, overlapping
from captions.track import Timing, Track
from player.editing.confirm import FarEditGuard
from player.editing.journal import Journal, Recovery
from player.editing.outcome import NO_CUES, NO_DOCUMENT, Outcome, ends_not_saved, warning


class EditSession:
    """Owns the document (or None: no captions open), the journal, anchors, step and offset."""

    def __init__(
        self, track: Track, document: Document | None, journal: Journal, *, step_ms: int = 100
    ) -> None:
        self.track = track
        self.document = document
        self.journal = journal
        self.step_ms = max(1, abs(step_ms))
        self.anchors: list[Anchor] = []
        self._overlaps: frozenset[int] | None = None
        self._below_zero = 0
        self._far = FarEditGuard()

    # -- what the list and the status show ------------------------------------------------------
    @property
    def overlaps(self) -> frozenset[int]:
        """Rows of the cues that overlap another cue (computed once per change)."""
        if self._overlaps is None:
            timing = (
                self.document.history.timing if self.document is not None else self.track.timing
            )
            self._overlaps = frozenset(overlapping(timing))
            self._below_zero = sum(1 for start in timing.starts if start < 0)
        return self._overlaps

    @property
    def flags(self) -> tuple[str, ...]:
        """Status flags: how many cues overlap, how many start before 0."""
        count = len(self.overlaps)
        flags = [f"{count} overlapping"] if count else []
        if self._below_zero:
            flags.append(f"{self._below_zero} before 0")
        return tuple(flags)

    def anchor_cue(self, anchor: Anchor) -> int | None:
        """The cue an anchor was marked on (the first starting at its source time)."""
        return next((i for i, e in enumerate(self.track.events) if e.start == anchor.source), None)

    @property
    def offset_ms(self) -> int:
        return self.document.history.offset_ms if self.document is not None else 0

    @property
    def dirty(self) -> bool:
        return self.document is not None and self.document.dirty

    @property
    def timing(self) -> Timing:
        """Every cue's start and end now (the history's cached copy when a file is open)."""
        return self.document.edits.timing if self.document is not None else self.track.timing

    # -- applying ---------------------------------------------------------------------------------
    def apply(self, make: Callable[[Document], Edit | None], *, quiet: bool = False) -> Outcome:
        """Build an edit with `make(document)` and do it; errors become a warning."""
        document = self.document
        if document is None:
            return warning(NO_DOCUMENT)
        try:
            edit = make(document)
        except (CaptionError, ValueError) as exc:
            return warning(str(exc))
        if edit is None:
            return Outcome(message=None if quiet else "Nothing to change.")
        document.do(edit)
        return self._changed(edit, quiet=quiet)

    def apply_at(
        self, cursor: int, make: Callable[[Document, int], Edit | None], *, quiet: bool = False
    ) -> Outcome:
        """As `apply`, for an edit of the cue under the cursor."""
        if self.document is None:
            return warning(NO_DOCUMENT)
        if not len(self.track):
            return warning(NO_CUES)
        return self.apply(lambda document: make(document, cursor), quiet=quiet)

    def undo(self) -> Outcome:
        if self.document is None:
            return warning(NO_DOCUMENT)
        edit = self.document.history.undo()
        if edit is None:
            return Outcome(message="Nothing to undo.")
        return self._changed(edit, verb="Undid: ")

    def redo(self) -> Outcome:
        if self.document is None:
            return warning(NO_DOCUMENT)
        edit = self.document.history.redo()
        if edit is None:
            return Outcome(message="Nothing to redo.")
        return self._changed(edit, verb="Redid: ")

    def _changed(self, edit: Edit, *, verb: str = "", quiet: bool = False) -> Outcome:
        """After do/undo/redo: anchors no longer hold; the journal is due."""
        self._overlaps = None
        self._far.forget()
        notes: tuple[str, ...] = ()
        if self.anchors:
            self.anchors = []
            notes = ("Resync anchors cleared: the timing changed since they were marked.",)
        if self.document is not None:
            self.journal.note_change(self.document)
            ends_note = ends_not_saved(verb, edit, self.document.format)
            if ends_note:
                notes = (*notes, ends_note)
        return Outcome(edit=edit, verb=verb, quiet=quiet, notes=notes)

    # -- timing -----------------------------------------------------------------------------------
    def offset(self, delta_ms: int) -> Outcome:
        return self.apply(lambda d: d.edits.shift_all(delta_ms))

    def starts_now(self, cursor: int, playhead: int, only_later: bool) -> Outcome:
        return self.apply_at(
            cursor, lambda d, i: d.edits.starts_now(i, playhead, only_later=only_later)
        )

    def set_start(self, cursor: int, playhead: int) -> Outcome:
        return self._set_edge(cursor, playhead, "start")

    def set_end(self, cursor: int, playhead: int) -> Outcome:
        return self._set_edge(cursor, playhead, "end")

    def _set_edge(self, cursor: int, playhead: int, which: str) -> Outcome:
        """The cue's start or end to the playhead; far from it, only on a second press."""
        if self.document is not None and 0 <= cursor < len(self.track):
            ask = self._far.check(self.document.history.timing, cursor, playhead, which)
            if ask is not None:
                return warning(ask)
        if which == "start":
            return self.apply_at(cursor, lambda d, i: d.edits.set_start(i, playhead))
        return self.apply_at(cursor, lambda d, i: d.edits.set_end(i, playhead))

    def nudge(self, cursor: int, start_steps: int, end_steps: int) -> Outcome:
        step = self.step_ms
        return self.apply_at(
            cursor,
            lambda d, i: d.edits.nudge(i, start_by=start_steps * step, end_by=end_steps * step),
        )

    def snap(self, cursor: int, envelope: Envelope | None, *, end: bool) -> Outcome:
        """The cue's start to the nearest speech onset (with `end`: its end to the nearest
        offset), from the recording's envelope; says why when there is nothing to snap to."""
        if envelope is None:
            return warning("No speech to snap to yet: the audio is still being analysed.")
        if self.document is None:
            return warning(NO_DOCUMENT)
        if not len(self.track):
            return warning(NO_CUES)
        snap = snap_end if end else snap_start
        edit = snap(self.document.edits.timing, cursor, envelope)
        if edit is None:
            what = "offset near its end" if end else "onset near its start"
            return Outcome(
                message=f"Cue {cursor + 1}: no speech {what} within 1 s (or already on it)."
            )
        return self.apply(lambda document: edit)

    def anchor(self, cursor: int, playhead: int) -> Outcome:
        """Mark the cue under the cursor as heard now (a resync anchor)."""
        if self.document is None:
            return warning(NO_DOCUMENT)
        if not len(self.track):
            return warning(NO_CUES)
        anchor = self.document.edits.anchor_now(cursor, playhead)
        self.anchors = [a for a in self.anchors if a.source != anchor.source] + [anchor]
        self.anchors.sort(key=lambda a: a.source)
        count = len(self.anchors)
        hint = "; mark one more far from it" if count == 1 else "; Shift+A to preview the resync"
        return Outcome(message=f"Anchor {count}: cue {cursor + 1} is heard now{hint}.")

    def resync_preview(
        self, anchors: list[Anchor] | None = None
    ) -> tuple[ResyncPreview | None, str]:
        """The resync the anchors (default: those marked) give, or why there is none."""
        anchors = self.anchors if anchors is None else anchors
        if self.document is None:
            return None, NO_DOCUMENT
        if len(anchors) < 2:
            return (
                None,
                "Mark two anchors or more (a, as you hear a cue): one early in the talk, one late.",
            )
        try:
            return self.document.edits.resync(anchors), ""
        except (CaptionError, ValueError) as exc:
            return None, str(exc)

    def clear_anchors(self) -> Outcome:
        self.anchors = []
        return Outcome(message="Anchors cleared.")

    def apply_edit(self, edit: Edit, *, quiet: bool = False) -> Outcome:
        """Do a ready-made edit (a resync preview, a tidy result, an auto-sync proposal)."""
        return self.apply(lambda _document: edit, quiet=quiet)

    # -- text and segmentation --------------------------------------------------------------------
    def set_text(self, cursor: int, text: str, split_at: int | None, playhead: int) -> Outcome:
        if split_at is None:
            return self.apply_at(cursor, lambda d, i: d.edits.set_text(i, text))
        return self.apply_at(
            cursor, lambda d, i: d.edits.set_text_and_split(i, text, playhead, split_at)
        )

    def split(self, cursor: int, playhead: int) -> Outcome:
        return self.apply_at(cursor, lambda d, i: d.edits.split(i, playhead))

    def merge(self, cursor: int) -> Outcome:
        return self.apply_at(cursor, lambda d, i: d.edits.merge_next(i))

    def delete(self, cursor: int) -> Outcome:
        return self.apply_at(cursor, lambda d, i: d.edits.delete(i))

    def insert(self, playhead: int, text: str = "") -> Outcome:
        return self.apply(lambda d: d.edits.insert(playhead, text))

    def tidy_edit(self, limits: TidyLimits) -> Edit | None:
        """Compute a tidy (slow at 100,000 cues: call from a worker); raises CaptionError."""
        if self.document is None:
            return None
        return self.document.edits.tidy(limits)

    # -- loading ----------------------------------------------------------------------------------
    def media_ready(self, duration_ms: int) -> bool:
        """Transcripts and LRC have no end for their last cue: now that the media's length is
        known, it ends there (as if loaded with it), unless the user has started editing.
        True if the track changed."""
        document = self.document
        if document is None or document.format not in STARTS_ONLY or not duration_ms:
            return False
        history = document.history
        if history.can_undo or history.can_redo or not len(self.track):
            return False
        last = self.track.events[-1]
        if last.start < duration_ms and last.end != duration_ms:
            last.end = duration_ms
            self.track.changed()
            self._overlaps = None
            return True
        return False

    def pending_recovery(self) -> Recovery | None:
        """Unsaved edits journaled by an earlier run that ended without saving."""
        if self.document is None:
            return None
        return self.journal.pending(self.document.path, self.document)

    def restore(self, recovery: Recovery) -> Outcome:
        if self.document is None:
            return warning(NO_DOCUMENT)
        edit = self.journal.restore(self.document, recovery)
        return Outcome() if edit is None else self._changed(edit)

    def claim_journal(self) -> str | None:
        """Own the open file's journal; a warning when another caption-player has it open."""
        document = self.document
        if document is None:
            return None
        try:
            other = self.journal.claim(document.path)
        except OSError as exc:
            return f"crash journal not available: {exc.strerror}"
        if other is None:
            return None
        who = f" (pid {other})" if other else ""
        return (
            f"{document.path.name} is open in another caption-player{who}: edits here are "
            "journaled on their own, and saving asks first if that one has saved meanwhile."
        )

    def journal_before_exit(self) -> None:
        """Write the pending journal now and wait for it: the app is ending (an exception
        inside Textual, a signal) before the journal timer would fire."""
        with contextlib.suppress(OSError):  # nothing more can be done while ending
            self.journal.flush_now()

    def discard_journal(self) -> None:
        if self.document is not None:
            self.journal.discard(self.document.path)

    # -- saving -----------------------------------------------------------------------------------
    def read_only_mode(self) -> int | None:
        """The caption file's mode when that mode forbids us writing it (ask before saving:
        root may write it anyway, and the save replaces the file in its folder, which a
        plain `os.access` would not stop); None when it may be written."""
        if self.document is None:
            return None
        return read_only_mode(self.document.path)

    def save(self, *, force: bool = False) -> str:
        """Save over the caption file; the notice to show. Raises ChangedOnDiskError (ask,
        then `save(force=True)`) and CaptionError."""
        document = self.document
        if document is None:
            raise CaptionError(NO_DOCUMENT)
        backup = document.save(force=force)
        self.journal.saved(document)
        if not document.wrote:
            return f"No changes to save: {document.path.name} is as it was."
        notes = [f"Saved {document.path.name}"]
        if backup is not None:
            notes.append(f"original kept as {backup.name}")
        notes += document.notes
        return "; ".join(notes) + "."

    def export(
        self, path: Path, fmt: str, *, overwrite: bool = False, word_stamps: bool = False
    ) -> str:
        """Export (with the word times as word stamps if asked); the notice to show. Raises
        ExportExistsError and CaptionError."""
        if self.document is None:
            raise CaptionError(NO_DOCUMENT)
        written = self.document.export(path, fmt, overwrite=overwrite, word_stamps=word_stamps)
        return f"Exported {written}" + (" with word stamps." if word_stamps else ".")

    def flush_journal(self) -> list[str]:
        """Write the journal now; the problems to show."""
        problems = []
        try:
            self.journal.flush()
        except OSError as exc:
            problems.append(f"crash journal not written: {exc.strerror}")
        return problems + self.journal.take_errors()

    def close(self) -> None:
        self.journal.close()


def read_only_mode(path: Path) -> int | None:
    """`path`'s permission bits if they forbid this process writing it (root: if no one
    may), else None."""
    try:
        st = path.stat()
    except OSError:
        return None
    if os.geteuid() == 0:
        writable = st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    elif st.st_uid == os.geteuid():
        writable = st.st_mode & stat.S_IWUSR
    elif st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        writable = st.st_mode & stat.S_IWGRP
    else:
        writable = st.st_mode & stat.S_IWOTH
    return None if writable else stat.S_IMODE(st.st_mode)
