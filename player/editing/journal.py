"""Crash recovery: unsaved edits journaled to the user's state directory.

After an edit the UI calls `note_change(document)`; a timer calls `flush()` at least once a
second, which writes the document's full current cues (every event field, lossless in any
format) atomically to `<state>/recovery/<sha1 of the caption file's absolute path>.json`. A kill
at any moment leaves the previous journal or the new one, never a torn one. On open,
`pending(path)` offers a journal left behind, and `restore(document)` applies it as one
undoable edit. `discard` removes it (after a save, or when the user declines it). At 100,000
cues serialising takes a few hundred ms, so `Journal(background=True)` does it on a worker
thread after taking a cheap snapshot on the caller's.

The state directory is `platformdirs.user_state_path("caption-player")`, or the environment
variable `CAPTION_PLAYER_STATE_DIR`, or the constructor's `state_dir`. No UI imports here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import pysubs2

from captions.atomic import write_atomic
from captions.document import Document
from captions.edits import EventsEdit
from captions.track import Timing

ENV_STATE_DIR = "CAPTION_PLAYER_STATE_DIR"
VERSION = 1
#: Every SSAEvent field, in the order the journal's columns are stored.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(pysubs2.SSAEvent))


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

    def same_as(self, document: Document) -> bool:
        """True when the journal holds exactly the document's current cues."""
        current = document.track.events
        return len(current) == len(self.events) and all(
            _row(a) == _row(b) for a, b in zip(current, self.events, strict=True)
        )

    @property
    def summary(self) -> str:
        """One line for the recovery prompt."""
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.written_at))
        n = len(self.labels)
        note = "" if self.source_matches else " (the file has changed on disk since)"
        return f"{n} unsaved edit{'s' * (n != 1)} from {when}{note}"


def _row(event: pysubs2.SSAEvent) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in FIELDS)


@dataclass(frozen=True)
class Snapshot:
    """A document's state at one moment, cheap to take on the UI thread: the event list (by
    reference: edits never change an event's other fields in place) and every start and end
    (which timing edits do change in place) copied."""

    source: Path
    source_sha1: str
    format: str
    events: tuple[pysubs2.SSAEvent, ...]
    timing: Timing
    labels: list[str]
    offset_ms: int
    taken_at: float

    @classmethod
    def of(cls, document: Document) -> Snapshot:
        history = document.history
        return cls(
            source=document.path,
            source_sha1=document.source_sha1,
            format=document.format,
            events=tuple(document.track.events),
            timing=history.timing,
            labels=history.labels,
            offset_ms=history.offset_ms,
            taken_at=time.time(),
        )

    def to_json(self) -> bytes:
        """The journal file's content (may run on any thread)."""
        columns: dict[str, Any] = {}
        for name in FIELDS:
            if name == "start":
                values: list[Any] = list(self.timing.starts)
            elif name == "end":
                values = list(self.timing.ends)
            else:
                values = [getattr(e, name) for e in self.events]
            # A column holding one value throughout is stored once.
            same = bool(values) and values.count(values[0]) == len(values)
            columns[name] = {"all": values[0]} if same else values
        payload = {
            "version": VERSION,
            "source": str(self.source),
            "source_sha1": self.source_sha1,
            "format": self.format,
            "labels": self.labels,
            "offset_ms": self.offset_ms,
            "written_at": self.taken_at,
            "count": len(self.events),
            "events": columns,
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _events(columns: dict[str, Any], count: int) -> list[pysubs2.SSAEvent]:
    lists: list[list[Any]] = []
    for name in FIELDS:
        column = columns[name]
        values = [column["all"]] * count if isinstance(column, dict) else column
        if len(values) != count:
            raise ValueError(f"column {name} has {len(values)} values, expected {count}")
        lists.append(values)
    return [
        pysubs2.SSAEvent(**dict(zip(FIELDS, row, strict=True))) for row in zip(*lists, strict=True)
    ]


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

    def path_for(self, caption_path: str | Path) -> Path:
        """The journal file of a caption file."""
        return self.directory / f"{_key(caption_path)}.json"

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

    def write(self, document: Document) -> Path:
        """Write the document's current state to its journal now, on this thread."""
        return self._write_snapshot(Snapshot.of(document))

    def _write_snapshot(self, snapshot: Snapshot) -> Path:
        data = snapshot.to_json()
        self.directory.mkdir(parents=True, exist_ok=True)
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
            self._errors.append(f"crash journal not written: {exc}")

    def take_errors(self) -> list[str]:
        """Problems met by background writes since the last call (for a notification)."""
        errors, self._errors = self._errors, []
        return errors

    def close(self) -> None:
        """Finish queued writes and stop the worker thread."""
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None

    def discard(self, caption_path: str | Path) -> None:
        """Remove the journal of a caption file (after a save, or a declined recovery)."""
        if self._pending is not None and Path(self._pending.path) == Path(caption_path):
            self._pending = None
        self._run(self._remove, Path(caption_path))

    def _remove(self, caption_path: Path) -> None:
        target = self.path_for(caption_path)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        for stale in self.directory.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def saved(self, document: Document) -> None:
        """The document was saved: its journal is no longer needed."""
        self.discard(document.path)

    # Reading ------------------------------------------------------------------------------

    def pending(
        self, caption_path: str | Path, document: Document | None = None
    ) -> Recovery | None:
        """The journal left for a caption file, if there is a readable one. Given the opened
        `document`, a journal holding exactly its current cues (left by a kill between a save
        and the journal's removal) is removed instead of offered."""
        recovery = self._read(caption_path)
        if recovery is not None and document is not None and recovery.same_as(document):
            self.discard(caption_path)
            return None
        return recovery

    def _read(self, caption_path: str | Path) -> Recovery | None:
        target = self.path_for(caption_path)
        try:
            payload = json.loads(target.read_bytes())
            if payload.get("version") != VERSION:
                return None
            source = Path(payload["source"])
            events = _events(payload["events"], int(payload["count"]))
            return Recovery(
                source=source,
                journal_path=target,
                format=str(payload["format"]),
                events=events,
                labels=[str(label) for label in payload["labels"]],
                offset_ms=int(payload["offset_ms"]),
                written_at=float(payload["written_at"]),
                source_matches=_file_sha1(Path(caption_path)) == payload["source_sha1"],
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
        edit = EventsEdit.between(
            f"Restore {n} unsaved edit{'s' * (n != 1)}",
            document.track.events,
            recovery.events,
            offset_ms=recovery.offset_ms,
            changed=len(recovery.events),
        )
        document.history.do(edit)
        return edit
