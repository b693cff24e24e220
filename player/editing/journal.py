"""Crash recovery: unsaved edits journaled to the user's state directory.

After an edit the UI calls `note_change(document)`; a timer calls `flush()` at least once a
second, which writes the document's full current cues (every event field, lossless in any
format) atomically to `<state>/recovery/<sha1 of the caption file's absolute path>.json`. A kill
at any moment leaves the previous journal or the new one, never a torn one. On open,
`pending(path)` offers a journal left behind, and `restore(document)` applies it as one
undoable edit. `discard` removes it (after a save, or when the user declines it). At 100,000
cues serialising takes a few hundred ms, so `Journal(background=True)` does it on a worker
thread after taking a cheap snapshot on the caller's.

Each journal has one owner process (`player.editing.journal_lock`: a flock on `<sha1>.lock`).
A second caption-player on the same file gets a journal of its own, `<sha1>.<pid>.json`, and
`claim` names the other one's pid; no instance writes or removes a journal another live instance
owns. A journal whose owner died (an orphan) is offered on the next open, and removed once
restored (after this process's own journal holds it) or discarded.

The state directory is `platformdirs.user_state_path("caption-player")`, or the environment
variable `CAPTION_PLAYER_STATE_DIR`, or the constructor's `state_dir`. No UI imports here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import pysubs2

from captions.align.edit import AlignEdit
from captions.atomic import write_atomic
from captions.document import Document
from captions.edits import CompoundEdit, Edit, EventsEdit, TimingEdit
from captions.formats.source import SourceEvent
from captions.track import Timing
from player.editing import journal_lock
from player.editing.journal_data import (
    READABLE_VERSIONS,
    Snapshot,
    WordTimes,
    _events,
    _row,
    _same_but_timing,
    _word_times,
)

ENV_STATE_DIR = "CAPTION_PLAYER_STATE_DIR"


def default_state_dir() -> Path:
    """`$CAPTION_PLAYER_STATE_DIR`, else the platform's user state directory."""
    override = os.environ.get(ENV_STATE_DIR)
    if override:
        return Path(override)
    return platformdirs.user_state_path("caption-player")


def _key(path: str | Path) -> str:
    return hashlib.sha1(str(Path(path).absolute().resolve()).encode("utf-8")).hexdigest()


def _file_sha1(path: Path) -> str | None:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Recovery:
    """A journal found for a caption file: the unsaved state it holds."""

    source: Path
    journal_path: Path
    format: str
    events: list[pysubs2.SSAEvent]
    labels: list[str]
    offset_ms: int
    written_at: float
    #: False when the caption file on disk is no longer the one the edits were made to.
    source_matches: bool
    #: Word times by event index (from alignment), restored with the cues.
    word_times: WordTimes = field(default_factory=dict)

    def same_as(self, document: Document) -> bool:
        """True when the journal holds exactly the document's current cues and word times."""
        current = document.track.events
        return (
            len(current) == len(self.events)
            and all(_row(a) == _row(b) for a, b in zip(current, self.events, strict=True))
            and document.track.word_times == self.word_times
        )

    @property
    def summary(self) -> str:
        """One line for the recovery prompt."""
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.written_at))
        n = len(self.labels)
        note = "" if self.source_matches else " (the file has changed on disk since)"
        return f"{n} unsaved edit{'s' * (n != 1)} from {when}{note}"


class Journal:
    """Recovery journals of the documents this process edits.

    With `background=True`, `flush` takes the snapshot on the calling thread (a few ms at
    100,000 cues) and serialises and writes it on one worker thread; removals go through the
    same thread, so they are never overtaken by an older write. `close()` waits for it."""

    def __init__(self, state_dir: str | Path | None = None, *, background: bool = False) -> None:
        base = Path(state_dir) if state_dir is not None else default_state_dir()
        self.directory = base / "recovery"
        self._pending: Document | None = None
        self._worker = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal") if background else None
        )
        self._errors: list[str] = []
        #: Called (on the worker thread) with each background write's problem, as it happens.
        self.on_error: Callable[[str], object] | None = None
        self._owned = journal_lock.Ownership(self.directory)

    def path_for(self, caption_path: str | Path) -> Path:
        """The journal file of a caption file (this process's own, once claimed)."""
        return self._owned.path_for(_key(caption_path))

    def claim(self, caption_path: str | Path) -> int | None:
        """Take this process's journal of a caption file (done before any write). Returns the
        pid of another live caption-player that owns the file's main journal, or None."""
        return self._owned.claim(_key(caption_path)).other_pid

    # Writing ------------------------------------------------------------------------------

    def note_change(self, document: Document) -> None:
        """An edit was made (or undone): the next `flush` journals `document`."""
        self._pending = document

    def flush(self) -> bool:
        """Journal the noted document now (removing its journal if it is clean again).
        Returns True if something was written or removed (or queued to be)."""
        document, self._pending = self._pending, None
        if document is None:
            return False
        if document.dirty:
            self._run(self._write_snapshot, Snapshot.of(document))
        else:
            self.discard(document.path)
        return True

    def flush_now(self) -> None:
        """`flush`, then wait until every queued write is on disk (before an abnormal exit)."""
        self.flush()
        if self._worker is not None:
            self._worker.submit(lambda: None).result()

    def write(self, document: Document) -> Path:
        """Write the document's current state to its journal now, on this thread."""
        return self._write_snapshot(Snapshot.of(document))

    def _write_snapshot(self, snapshot: Snapshot) -> Path:
        data = snapshot.to_json()
        self.claim(snapshot.source)
        target = self.path_for(snapshot.source)
        write_atomic(target, data)
        return target

    def _run(self, fn: Callable[[Any], object], arg: Any) -> None:
        if self._worker is None:
            fn(arg)
            return
        future = self._worker.submit(fn, arg)
        future.add_done_callback(self._record_error)

    def _record_error(self, future: Future[object]) -> None:
        exc = future.exception()
        if exc is not None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            problem = f"crash journal not written: {reason}"
            if self.on_error is not None:
                self.on_error(problem)
            else:
                self._errors.append(problem)

    def take_errors(self) -> list[str]:
        """Problems met by background writes since the last call (for a notification)."""
        errors, self._errors = self._errors, []
        return errors

    def close(self) -> None:
        """Finish queued writes and stop the worker thread."""
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
        self._owned.release_all()

    def discard(self, caption_path: str | Path) -> None:
        """Remove this process's journal of a caption file (after a save, or a declined
        recovery), and the orphaned journals of it that were offered."""
        if self._pending is not None and Path(self._pending.path) == Path(caption_path):
            self._pending = None
        self._run(self._remove, Path(caption_path))
        self._run(self._remove_orphans, _key(caption_path))

    def _remove(self, caption_path: Path) -> None:
        self.claim(caption_path)
        _unlink_journal(self.path_for(caption_path))

    def _remove_orphans(self, key: str) -> None:
        for orphan in self._owned.take_orphans(key):
            _unlink_journal(orphan.journal)
            orphan.release()

    def saved(self, document: Document) -> None:
        """The document was saved: its journal is no longer needed."""
        self.discard(document.path)

    # Reading ------------------------------------------------------------------------------

    def pending(
        self, caption_path: str | Path, document: Document | None = None
    ) -> Recovery | None:
        """The journal left for a caption file, if there is a readable one. Given the opened
        `document`, a journal holding exactly its current cues (left by a kill between a save
        and the journal's removal) is removed instead of offered. Offers this process's own
        journal, else the newest orphan (a journal whose caption-player died); never one a
        live caption-player owns."""
        try:
            self.claim(caption_path)
        except OSError:
            return None  # no state directory: nothing was journaled there
        recovery = self._read(caption_path, self.path_for(caption_path))
        if recovery is None:
            recovery = self._adopt_orphan(caption_path)
        if recovery is not None and document is not None and recovery.same_as(document):
            self.discard(caption_path)
            return None
        return recovery

    def _adopt_orphan(self, caption_path: str | Path) -> Recovery | None:
        """The newest readable orphan's edits (it stays locked until restored or discarded)."""
        return self._owned.adopt_newest_orphan(
            _key(caption_path), lambda journal: self._read(caption_path, journal)
        )

    def _read(self, caption_path: str | Path, target: Path) -> Recovery | None:
        try:
            payload = json.loads(target.read_bytes())
            if payload.get("version") not in READABLE_VERSIONS:
                return None
            source = Path(payload["source"])
            count = int(payload["count"])
            events = _events(payload["events"], count)
            return Recovery(
                source=source,
                journal_path=target,
                format=str(payload["format"]),
                events=events,
                labels=[str(label) for label in payload["labels"]],
                offset_ms=int(payload["offset_ms"]),
                written_at=float(payload["written_at"]),
                source_matches=_file_sha1(Path(caption_path)) == payload["source_sha1"],
                word_times=_word_times(payload, count),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def restore(self, document: Document, recovery: Recovery | None = None) -> EventsEdit | None:
        """Apply the journal of `document` as one undoable edit; None if there is none."""
        recovery = recovery or self.pending(document.path)
        if recovery is None:
            return None
        n = len(recovery.labels)
        label = f"Restore {n} unsaved edit{'s' * (n != 1)}"
        events = _relinked(document, recovery)
        structure = EventsEdit.between(
            label,
            document.track.events,
            events,
            offset_ms=recovery.offset_ms,
            changed=len(recovery.events),
        )
        # Cues the edits did not touch but for their times are the loaded objects again, so
        # the lossless layer writes their blocks back with only the moved stamps rewritten.
        current = Timing(tuple(e.start for e in events), tuple(e.end for e in events))
        wanted = Timing(
            tuple(e.start for e in recovery.events), tuple(e.end for e in recovery.events)
        )
        parts: list[Edit] = [structure]
        if recovery.word_times:  # the times, and the words (undone with them)
            parts.append(AlignEdit(label, current, wanted, words=dict(recovery.word_times)))
        elif current != wanted:
            parts.append(TimingEdit(label, current, wanted))
        edit = CompoundEdit(label, tuple(parts))
        document.history.do(edit)
        # This process's journal takes the restored edits over from an orphan's, then the
        # orphans go (in this order, on the worker thread).
        self._run(self._write_snapshot, Snapshot.of(document))
        self._run(self._remove_orphans, _key(document.path))
        return structure


def _unlink_journal(target: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _relinked(document: Document, recovery: Recovery) -> list[pysubs2.SSAEvent]:
    """The recovered cues, each one that matches a loaded cue of the same source block in all
    but its times replaced by that loaded object (used once). When the file on disk changed
    since, no cue is linked to it: they are all written as new cues."""
    if not recovery.source_matches:
        for event in recovery.events:
            if isinstance(event, SourceEvent):
                event.origin = -1
        return list(recovery.events)
    loaded = {
        e.origin: e for e in document.track.events if isinstance(e, SourceEvent) and e.origin >= 0
    }
    linked: list[pysubs2.SSAEvent] = []
    for event in recovery.events:
        base = loaded.get(getattr(event, "origin", -1))
        if base is not None and _same_but_timing(base, event):
            del loaded[base.origin]
            linked.append(base)
        else:
            linked.append(event)
    return linked
