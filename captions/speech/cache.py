"""One envelope per media file in the user's cache directory, reopened in milliseconds.

The key is the media file's identity: its resolved path, size and modification time (ns), so
an edited or replaced file gets a new envelope. A file holds a small header and four arrays:
loudness (a byte per 10 ms), the speech flags packed eight to a byte, the speech-band energy (a
byte per ms) and the onsets placed with it (4 bytes each), about 4 MB for an hour. Writes are
atomic (temporary file, rename); the directory keeps the most recently used `max_files`
envelopes, `max_bytes` in all. A file that does not read back whole is ignored and removed.

The directory is `$CAPTION_PLAYER_CACHE_DIR/envelopes`, else
`platformdirs.user_cache_path("caption-player")/envelopes`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import platformdirs

from captions.atomic import write_atomic
from captions.speech.envelope import HOP_MS, Envelope, Progress, compute_envelope

ENV_CACHE_DIR = "CAPTION_PLAYER_CACHE_DIR"
#: Bumped when the analysis or the file layout changes (older files are then not found).
VERSION = 2
_MAGIC = b"CPENV"
#: magic, version, hop ms, duration ms, frames, detector name length, band energy ms, onsets.
_HEADER = struct.Struct("<5sBHQQBQI")
#: Envelopes kept by default (one per media file; about 4 MB per hour of media) ...
MAX_FILES = 64
#: ... and at most this many bytes of them.
MAX_BYTES = 64 * 1024 * 1024


def default_cache_dir() -> Path:
    """`$CAPTION_PLAYER_CACHE_DIR/envelopes`, else the platform's user cache directory."""
    override = os.environ.get(ENV_CACHE_DIR)
    root = Path(override) if override else platformdirs.user_cache_path("caption-player")
    return root / "envelopes"


def media_key(media: Path) -> str:
    """Identity of a media file: hash of resolved path, size and mtime_ns (OSError if gone)."""
    path = Path(media).resolve()
    info = path.stat()
    ident = f"{VERSION}\0{path}\0{info.st_size}\0{info.st_mtime_ns}"
    return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def encode(envelope: Envelope) -> bytes:
    """The envelope as the cache stores it."""
    name = envelope.detector.encode("ascii", "replace")[:255]
    energy = envelope.band_energy
    energy_bytes = b"" if energy is None else energy.astype(np.uint8).tobytes()
    onsets = envelope.onsets_ms.astype("<i4").tobytes()
    header = _HEADER.pack(
        _MAGIC,
        VERSION,
        HOP_MS,
        envelope.duration_ms,
        envelope.frames,
        len(name),
        len(energy_bytes),
        len(envelope.onsets_ms),
    )
    packed = np.packbits(envelope.speech.astype(np.bool_))
    return header + name + envelope.level.tobytes() + packed.tobytes() + energy_bytes + onsets


def decode(data: bytes) -> Envelope:
    """Read back `encode`'s bytes; ValueError when they are not a whole envelope."""
    if len(data) < _HEADER.size:
        raise ValueError("too short")
    magic, version, hop, duration, frames, name_len, energy_len, onsets = _HEADER.unpack_from(data)
    if magic != _MAGIC or version != VERSION or hop != HOP_MS:
        raise ValueError("not an envelope of this version")
    at = _HEADER.size + name_len
    packed_len = -(-frames // 8)
    if len(data) != at + frames + packed_len + energy_len + 4 * onsets:
        raise ValueError("truncated")
    detector = data[_HEADER.size : at].decode("ascii", "replace")
    level = np.frombuffer(data, dtype=np.uint8, count=frames, offset=at)
    at += frames
    bits = np.frombuffer(data, dtype=np.uint8, count=packed_len, offset=at)
    speech = np.unpackbits(bits, count=frames).astype(np.bool_)
    at += packed_len
    energy = np.frombuffer(data, dtype=np.uint8, count=energy_len, offset=at)
    at += energy_len
    refined = np.frombuffer(data, dtype="<i4", count=onsets, offset=at).astype(np.int64)
    return Envelope(
        level=level,
        speech=speech,
        duration_ms=duration,
        detector=detector,
        band_energy=energy if energy_len else None,
        refined_onsets_ms=refined,
    )


class EnvelopeCache:
    """Envelopes by media identity in `directory`, at most `max_files` of them."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        max_files: int = MAX_FILES,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.max_files = max(1, max_files)
        self.max_bytes = max(0, max_bytes)

    def path_for(self, media: Path) -> Path:
        return self.directory / f"{media_key(media)}.env"

    def load(self, media: Path) -> Envelope | None:
        """The cached envelope of `media`, or None (not cached, unreadable, media gone)."""
        try:
            path = self.path_for(media)
            data = path.read_bytes()
        except OSError:
            return None
        try:
            envelope = decode(data)
        except ValueError:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: kept longest by `prune`
        return envelope

    def store(self, media: Path, envelope: Envelope) -> Path | None:
        """Write `envelope` for `media` (atomically) and prune; None when it cannot be written
        (a read-only or full disk costs a recompute next time, nothing more)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.path_for(media)
            write_atomic(path, encode(envelope))
        except OSError:
            return None
        self.prune()
        return path

    def prune(self) -> int:
        """Keep the most recently used envelopes, at most `max_files` of them and `max_bytes`
        in all (the newest is always kept); returns how many were removed."""
        try:
            entries = [(p.stat(), p) for p in self.directory.glob("*.env")]
        except OSError:
            return 0
        entries.sort(key=lambda entry: entry[0].st_mtime_ns, reverse=True)
        removed = total = 0
        for kept, (info, path) in enumerate(entries):
            total += info.st_size
            if kept == 0 or (kept < self.max_files and total <= self.max_bytes):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        return removed

    def load_or_compute(
        self,
        media: Path,
        progress: Progress | None = None,
        partial: Callable[[Envelope], None] | None = None,
    ) -> Envelope:
        """The cached envelope, else compute it (SyncError if the media has no usable audio;
        `progress` and `partial` as for `compute_envelope`) and cache it."""
        cached = self.load(media)
        if cached is not None:
            if progress is not None:
                progress(1.0)
            return cached
        envelope = compute_envelope(media, progress, partial=partial)
        self.store(media, envelope)
        return envelope
