"""Which caption-player process owns a recovery journal: an `fcntl.flock` on a lock file beside
it, holding the owner's pid (for the message "open in another caption-player (pid N)").

The kernel drops a flock when its process dies (kill -9 included), so a lock that can be taken
means no live owner. Where flock is not supported (some network file systems) the pid written in
the lock file decides: a live process other than this one holds it. A lock file is removed only
by its holder, while holding it; `take` checks after locking that the file it locked is still the
one at the path (not one removed meanwhile), so two processes never both own one journal.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: `Claim.other_pid` when another process holds the lock but its pid cannot be read.
UNKNOWN_PID = 0


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (signal 0 probes without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by another user
    return True


def holder_pid(lock_path: Path) -> int | None:
    """The pid written in a lock file, if that process is alive."""
    try:
        text = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    pid = int(text) if text.isdigit() else 0
    return pid if pid_alive(pid) else None


def take(lock_path: Path) -> int | None:
    """Lock `lock_path` (created if missing) for this process and write our pid in it.
    Returns the open descriptor that holds the lock, or None when another process holds it."""
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError as exc:
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                os.close(fd)
                raise
            other = holder_pid(lock_path)
            if other is not None and other != os.getpid():
                os.close(fd)
                return None
        try:
            at_path = os.stat(lock_path)
        except FileNotFoundError:
            at_path = None
        held = os.fstat(fd)
        if at_path is not None and (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return fd
        os.close(fd)  # its holder removed it between our open and lock: try the new one


def release(fd: int, lock_path: Path) -> None:
    """Remove a lock file we hold, then let go of it."""
    try:
        held = os.fstat(fd)
        at_path = os.stat(lock_path)
        if (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino):
            lock_path.unlink()
    except OSError:
        pass
    with contextlib.suppress(OSError):
        os.close(fd)


@dataclass
class Claim:
    """A journal this process owns (or, when `fd` is None, shares with another `Journal` of
    this same process), and the lock file that says so."""

    journal: Path
    lock: Path
    fd: int | None
    #: Another live caption-player that owns the main journal (`UNKNOWN_PID` when its pid
    #: cannot be read), when this is a journal of our own.
    other_pid: int | None = None

    @classmethod
    def take(cls, directory: Path, key: str) -> Claim:
        main_lock = directory / f"{key}.lock"
        fd = take(main_lock)
        if fd is not None:
            return cls(directory / f"{key}.json", main_lock, fd)
        other = holder_pid(main_lock)
        if other == os.getpid():
            # Another Journal of this process (tests, benchmarks): one process, one journal.
            return cls(directory / f"{key}.json", main_lock, None)
        if other is None:
            other = UNKNOWN_PID  # locked, its pid not written yet (or not readable)
        own_lock = directory / f"{key}.{os.getpid()}.lock"
        return cls(directory / f"{key}.{os.getpid()}.json", own_lock, take(own_lock), other)

    @classmethod
    def orphan(cls, directory: Path, key: str, pid: int) -> Claim | None:
        """The journal a dead caption-player `pid` left, locked now; None if it is alive."""
        lock = directory / f"{key}.{pid}.lock"
        fd = take(lock)
        return None if fd is None else cls(directory / f"{key}.{pid}.json", lock, fd)

    def release(self) -> None:
        if self.fd is not None:
            release(self.fd, self.lock)
            self.fd = None


class Ownership:
    """This process's claims on the journals of one folder, keyed by caption file (the sha1 of
    its path); used from the UI thread and the journal's worker thread."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._claims: dict[str, Claim] = {}
        #: Orphaned journals offered, locked until restored or discarded.
        self._orphans: dict[str, list[Claim]] = {}
        self._lock = threading.Lock()

    def path_for(self, key: str) -> Path:
        """Our journal of `key` once claimed, else the main one."""
        claim = self._claims.get(key)
        return claim.journal if claim is not None else self.directory / f"{key}.json"

    def claim(self, key: str) -> Claim:
        """Our claim on `key`'s journal, taken on first use (creating the folder)."""
        with self._lock:
            claim = self._claims.get(key)
            if claim is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                claim = self._claims[key] = Claim.take(self.directory, key)
            return claim

    def adopt_newest_orphan(self, key: str, read: Callable[[Path], T | None]) -> T | None:
        """Lock the newest journal of `key` whose caption-player died and that `read` can
        read, and return what it read; the other orphans stay, unlocked, for the next open."""
        own = self.path_for(key)
        candidates = []
        for journal in self.directory.glob(f"{key}.*.json"):
            digits = journal.name[len(key) + 1 : -len(".json")]
            if digits.isdigit() and journal != own:
                try:
                    candidates.append((journal.stat().st_mtime_ns, int(digits), journal))
                except OSError:
                    continue
        for _, owner_pid, journal in sorted(candidates, reverse=True):
            orphan = Claim.orphan(self.directory, key, owner_pid)
            if orphan is None:
                continue  # its caption-player is alive
            found = read(journal)
            if found is None:
                orphan.release()
                continue
            with self._lock:
                self._orphans.setdefault(key, []).append(orphan)
            return found
        return None

    def take_orphans(self, key: str) -> list[Claim]:
        """The orphans of `key` adopted so far, handed over (to be removed and released)."""
        with self._lock:
            return self._orphans.pop(key, [])

    def release_all(self) -> None:
        with self._lock:
            claims = [*self._claims.values(), *(c for cs in self._orphans.values() for c in cs)]
            self._claims, self._orphans = {}, {}
        for claim in claims:
            claim.release()
