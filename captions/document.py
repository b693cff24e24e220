"""An open caption document: its track, undo history, saved state, save/export, and detection
of changes made to the file on disk by someone else."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from captions import formats
from captions.atomic import keep_backup, write_atomic, write_target
from captions.edits import Edit, History
from captions.errors import CaptionError
from captions.export_target import default_export_path
from captions.format_limits import check_times_fit
from captions.history import EditFactory
from captions.track import Track
from captions.zero_clamp import clamped_at_zero


class ChangedOnDiskError(CaptionError):
    """The file was changed (or removed) on disk since it was opened or saved."""


class ExportExistsError(CaptionError):
    """The export target exists; ask the user, then call `export(..., overwrite=True)`."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    inode: int
    sha1: str

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> Fingerprint:
        return cls(st.st_mtime_ns, st.st_size, st.st_ino, hashlib.sha1(data).hexdigest())

    def same_stat(self, st: os.stat_result) -> bool:
        return (st.st_mtime_ns, st.st_size, st.st_ino) == (self.mtime_ns, self.size, self.inode)


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes and the stat of the same open file."""
    data, st = formats.read_file(path)
    if st is None:  # only stdin has no stat, and a document is never stdin
        raise CaptionError("a document must be a file, not standard input", path=path)
    return data, st


class Document:
    """A caption file being edited. Every change goes through `history.do(edit)`; build edits
    with `edits` (an `EditFactory`)."""

    def __init__(self, track: Track, path: Path, fingerprint: Fingerprint) -> None:
        self.track = track
        self.path = path
        self.history = History(track)
        self.edits = EditFactory(track, history=self.history)
        self._fingerprint = fingerprint
        self._backed_up = False
        #: Notes for the user from the last save (e.g. an encoding fallback).
        self.notes: list[str] = []
        #: False when the last save found nothing to write (no edit since open or save).
        self.wrote = False
        #: Cues the last save or export wrote from 0 because they start before it.
        self.clamped_on_write = 0

    @classmethod
    def open(
        cls,
        path: str | Path,
        media_duration_ms: int | None = None,
        *,
        fmt: str | None = None,
        encoding: str | None = None,
    ) -> Document:
        """Load a caption file (format and encoding detected unless given)."""
        path = Path(path).absolute()
        data, st = _read(path)
        track = formats.parse_bytes(
            data, fmt, path=path, encoding=encoding, media_duration_ms=media_duration_ms
        )
        return cls(track, path, Fingerprint.of(st, data))

    # State --------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return self.track.format

    @property
    def can_save(self) -> bool:
        """False for formats that can be read but not written (SAMI, Whisper-JAX): export."""
        return self.track.format in formats.WRITE_FORMATS

    @property
    def dirty(self) -> bool:
        """True when there are edits not saved to the file."""
        return self.history.dirty

    @property
    def source_sha1(self) -> str:
        """SHA-1 of the file's bytes as last read or written."""
        return self._fingerprint.sha1

    def do(self, edit: Edit | None) -> Edit | None:
        """Apply an edit (None, from a factory method that found nothing to change, is a no-op)."""
        return self.history.do(edit) if edit is not None else None

    def changed_on_disk(self) -> bool:
        """True when the file is not what we last read or wrote: removed, or other content
        (a new mtime with the same bytes does not count)."""
        try:
            st = self.path.stat()
        except OSError:
            return True
        if self._fingerprint.same_stat(st):
            return False
        try:
            data, st = _read(self.path)
        except CaptionError:
            return True
        current = Fingerprint.of(st, data)
        if current.sha1 != self._fingerprint.sha1:
            return True
        self._fingerprint = current
        return False

    # Writing ------------------------------------------------------------------------------

    def save(self, *, force: bool = False) -> Path | None:
        """Write the track to its own file in its own format and encoding (UTF-8 if the text no
        longer fits the encoding). The first save keeps the original as `NAME.bak`. Refuses
        with `ChangedOnDiskError` if the file changed on disk, unless `force`. Writes nothing
        (`wrote` False) when there is no edit to save. Returns the backup made, if any."""
        if not self.can_save:
            raise CaptionError(
                f"{self.track.format} files can be read but not written; export to another "
                "format instead",
                path=self.path,
            )
        if not force and self.changed_on_disk():
            state = "was removed" if not self.path.exists() else "was changed by another program"
            raise ChangedOnDiskError(
                f"{state} since it was opened; save anyway to overwrite it", path=self.path
            )
        self.notes = []
        if not force and not self.dirty:
            # Nothing edited since the file was opened or saved, and it is still the file we
            # read (checked above): leave it as it is. Every format gives its bytes back this
            # way, even those pysubs2 rewrites with losses (TTML, JSON, TMP).
            self.wrote = False
            return None
        self.wrote = True
        check_times_fit((e.end for e in self.track.events), self.track.format)
        with clamped_at_zero(self.track) as clamped:
            text = formats.dumps(self.track, self.track.format)
        self._note_clamped(clamped)
        try:
            data = text.encode(self.track.encoding)
        except (UnicodeEncodeError, LookupError):
            self.notes.append(f"the text no longer fits {self.track.encoding}; saved as utf-8")
            self.track.encoding = "utf-8"
            data = text.encode("utf-8")
        try:
            # NAME.bak: the file as it was before this session's first save.
            backup = write_atomic(self.path, data, backup=not self._backed_up)
            self._backed_up = True
        except OSError as exc:
            raise CaptionError(f"cannot write: {exc.strerror}", path=self.path) from None
        self._fingerprint = Fingerprint.of(self.path.stat(), data)
        self.history.mark_saved()
        return backup

    def _note_clamped(self, clamped: int) -> None:
        self.clamped_on_write = clamped
        if clamped:
            cues = "cue starts" if clamped == 1 else "cues start"
            self.notes.append(f"{clamped} {cues} before 0: written from 0")

    def default_export_path(self, fmt: str) -> Path:
        """Beside the caption file, named after it with `fmt`'s extension, never a file that
        exists (`name-2.vtt` …)."""
        return default_export_path(self.path, fmt)

    def export(
        self,
        path: str | Path,
        fmt: str | None = None,
        *,
        overwrite: bool = False,
        word_stamps: bool = False,
    ) -> Path:
        """Write the track as `fmt` (default: from the extension): in another format in UTF-8,
        with what that format cannot hold in `notes`; in its own format as a save (its own
        encoding, everything the file carries kept). Refuses with
        `ExportExistsError` if `path` exists, unless `overwrite`. With `word_stamps`, cues with
        word times carry them in their text (VTT, LRC, ASS; ValueError for another format).
        Over the document's own file it is a save: the same on-disk check
        (`ChangedOnDiskError`) and the session's backup."""
        target = Path(path).absolute()
        fmt = formats.output_format(target, fmt)
        check_times_fit((e.end for e in self.track.events), fmt)
        if not overwrite and target.exists():
            raise ExportExistsError("exists already; overwrite it?", path=target)
        over_source = target.resolve() == self.path.resolve()
        if over_source and self.changed_on_disk():
            raise ChangedOnDiskError(
                "was changed by another program since it was opened; not overwritten",
                path=self.path,
            )
        if over_source and not self._backed_up and target.exists():
            keep_backup(write_target(target))
            self._backed_up = True
        track = self.track
        if word_stamps:
            from captions.align.stamps import with_word_stamps

            track = with_word_stamps(self.track, fmt)
        self.notes = []
        with clamped_at_zero(track) as clamped:
            formats.save(track, target, fmt, encoding=None, losses=self.notes)
        self._note_clamped(clamped)
        if over_source:
            data, st = _read(target)
            self._fingerprint = Fingerprint.of(st, data)
            if fmt == self.track.format and not word_stamps:
                self.history.mark_saved()
            else:
                self.history.mark_unsaved()
        return target
