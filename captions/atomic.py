"""Writing files completely or not at all, keeping the user's original as NAME.bak.

Only regular files are ever replaced: a device, FIFO, directory or socket is refused (an atomic
rename would put a plain file in its place, `/dev/null` included when run as root). A symlink is
written through: the temporary file and the rename happen beside its target, so the link stays.
The temporary `.NAME.PID.XXXXXXXX.tmp` carries the writer's pid; one left by a killed writer
(pid gone, no lock held) is removed by the next write of the same file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from captions.errors import CaptionError

#: Output names that mean a standard stream (file descriptor), written through, never renamed.
STREAM_PATHS: dict[str, int] = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def standard_stream(path: str | Path) -> int | None:
    """The file descriptor an output name stands for (`-`, `/dev/stdout`: 1), else None."""
    return STREAM_PATHS.get(str(path))


def write_target(path: Path) -> Path:
    """The file a write to `path` replaces: a symlink's final target, so the link is kept."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path, *, shown: Path | None = None) -> None:
    """CaptionError unless `path` is absent or a regular file (`shown` names it)."""
    try:
        st = os.stat(path)
    except OSError:
        return  # absent (or unreadable: the write itself says why)
    if not stat.S_ISREG(st.st_mode):
        raise CaptionError(
            f"is {_kind(st.st_mode)}, not a regular file; refusing to write over it "
            "(give a new file name, or - for standard output)",
            path=shown or path,
        )


def _check_backup_slot(bak: Path) -> None:
    """NAME.bak must be absent, a file or a link (a link itself is replaced, never followed)."""
    try:
        st = os.lstat(bak)
    except OSError:
        return
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise CaptionError(
            f"is {_kind(st.st_mode)}, so the original cannot be kept there; move it away "
            "and save again",
            path=bak,
        )


def _temp_file(target: Path) -> tuple[int, str]:
    """A new, locked temporary file beside `target`, named `.NAME.PID.XXXXXXXX.tmp`."""
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    fcntl.flock(fd, fcntl.LOCK_EX)  # released when the writer closes it or dies
    return fd, name


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a pid: leave its file alone
    return True


def _unlocked(path: str) -> bool:
    """True when no process holds the temporary file's lock (its writer is gone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def remove_stale_temps(target: Path) -> list[str]:
    """Remove temporary files of `target` (and of its NAME.bak) left by a writer that was
    killed: our name pattern only, and only when that pid is gone and no lock is held, so a
    save running in another process keeps its file. Returns the names removed."""
    pattern = re.compile(
        rf"\.{re.escape(target.name)}(?:\.bak)?\.(\d{{1,10}})\.[a-z0-9_]{{8}}\.tmp"
    )
    removed: list[str] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if _alive(int(match.group(1))) or not _unlocked(entry.path):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(entry.name)
    return removed


def backup_path(path: Path) -> Path:
    """Where the original of `path` is kept: `NAME.bak` beside it."""
    return path.with_name(path.name + ".bak")


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy `source` to `target` via a fsynced temporary file and a rename, so a kill never
    leaves a partial `target` (a torn NAME.bak would otherwise be kept for ever)."""
    fd, tmp_name = _temp_file(target)
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


def keep_backup(path: Path) -> Path:
    """Copy `path` (atomically) to `NAME.bak` beside it and return that path. A `NAME.bak`
    that is a link is replaced, never followed (a planted link must not redirect the copy);
    one that is a directory or another non-file is refused with CaptionError naming it."""
    bak = backup_path(path)
    _check_backup_slot(bak)
    _copy_atomic(path, bak)
    return bak


def write_atomic(path: Path, data: bytes, *, backup: bool = False) -> Path | None:
    """Write `data` to `path` via a temporary file in the same folder, fsync, then rename.

    With `backup`, the file as it is now is first copied (atomically) to `NAME.bak`, replacing
    an older backup: callers ask for it once per editing session, so `NAME.bak` holds what the
    file was before this session's first save. Returns the backup path if one was made.

    A symlink is written through to its target (the backup too sits beside the target); a
    path that is not a regular file is refused with CaptionError, as is a NAME.bak that is a
    directory or another non-file.
    """
    shown = Path(path)
    path = write_target(shown)
    check_regular(path, shown=shown)
    remove_stale_temps(path)
    made_backup = keep_backup(path) if backup and path.exists() else None
    fd, tmp_name = _temp_file(path)
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
