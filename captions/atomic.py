"""Writing files completely or not at all, keeping the user's original as NAME.bak."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def backup_path(path: Path) -> Path:
    """Where the original of `path` is kept: `NAME.bak` beside it."""
    return path.with_name(path.name + ".bak")


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy `source` to `target` via a fsynced temporary file and a rename, so a kill never
    leaves a partial `target` (a torn NAME.bak would otherwise be kept for ever)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as tmp, open(source, "rb") as src:
            shutil.copyfileobj(src, tmp)
            tmp.flush()
            os.fsync(tmp.fileno())
        shutil.copystat(source, tmp_name)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_atomic(path: Path, data: bytes, *, backup: bool = False) -> Path | None:
    """Write `data` to `path` via a temporary file in the same folder, fsync, then rename.

    With `backup`, the file as it is now is first copied (atomically) to `NAME.bak`, replacing
    an older backup: callers ask for it once per editing session, so `NAME.bak` holds what the
    file was before this session's first save. Returns the backup path if one was made.
    """
    path = Path(path)
    made_backup: Path | None = None
    if backup and path.exists():
        bak = backup_path(path)
        _copy_atomic(path, bak)
        made_backup = bak
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return made_backup
