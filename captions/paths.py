"""What kind of thing a path names, and reading an input file with a size cap.

Every input is read through `read_capped`: at most `read_limit()` bytes (256 MiB unless a CLI's
`--max-input-size` raised it), so `/dev/zero`, `/dev/urandom` or an endless pipe is refused with
one line instead of filling memory. Devices and FIFOs are read with the same cap. A FIFO is
opened without blocking and then waited on for at most `FIFO_WAIT_S` at a time: a FIFO nobody
writes to (or whose writer stalls) is refused with a line saying so, never a silent hang.
Standard input (`-`) is read with the cap but no time limit, as any filter reads it.
"""

from __future__ import annotations

import os
import re
import select
import stat
import sys
from pathlib import Path

from captions.errors import CaptionError

#: Default cap on the bytes read from one input.
DEFAULT_READ_LIMIT = 256 * 1024 * 1024
#: Longest wait for a FIFO's writer to send something, in seconds.
FIFO_WAIT_S = 10.0
_CHUNK = 1024 * 1024
_read_limit = DEFAULT_READ_LIMIT

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    """`256M`, `1G`, `512MiB`, `1000000` -> bytes (K, M, G, T are powers of 1024)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (e.g. 512M or 2G)")
    size = int(float(match[1]) * _UNITS[match[2].lower()])
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte, not {text!r}")
    return size


def format_size(size: int) -> str:
    """Bytes as the largest whole binary unit: 268435456 -> `256 MiB`."""
    for unit, factor in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def set_read_limit(size: int) -> None:
    """Set the cap `read_capped` uses by default (the CLIs' `--max-input-size`)."""
    global _read_limit
    _read_limit = size


def read_limit() -> int:
    """The cap `read_capped` uses by default."""
    return _read_limit


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is (`a FIFO (named pipe)`, ...), from st_mode."""
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def path_kind(path: str | Path) -> str | None:
    """`special_kind` of what `path` names (following links), or None (regular, directory,
    missing or unreadable: the caller's own checks say which)."""
    try:
        return special_kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def read_capped(path: str | Path, limit: int | None = None) -> tuple[bytes, os.stat_result | None]:
    """An input's bytes (`-`: stdin) and the stat of the same open file (None for stdin);
    CaptionError naming the path when it cannot be read or holds more than `limit` bytes."""
    limit = _read_limit if limit is None else limit
    if str(path) == "-":
        try:
            fd = sys.stdin.fileno()
            return _read_fd(fd, os.fstat(fd), limit, "-", fifo_wait=False), None
        except OSError as exc:
            raise CaptionError(f"cannot read: {exc.strerror}", path="-") from None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO's open must not block
    except FileNotFoundError:
        raise CaptionError("no such file", path=path) from None
    except IsADirectoryError:
        raise CaptionError("is a directory, not a caption file", path=path) from None
    except OSError as exc:
        raise CaptionError(f"cannot read: {exc.strerror}", path=path) from None
    try:
        st = os.fstat(fd)
        return _read_fd(fd, st, limit, path), st
    except IsADirectoryError:
        raise CaptionError("is a directory, not a caption file", path=path) from None
    except OSError as exc:
        raise CaptionError(f"cannot read: {exc.strerror}", path=path) from None
    finally:
        os.close(fd)


def _read_fd(
    fd: int, st: os.stat_result, limit: int, path: str | Path, *, fifo_wait: bool = True
) -> bytes:
    """Read `fd` to its end, at most `limit` bytes; a FIFO is waited on at most FIFO_WAIT_S
    at a time unless `fifo_wait` is False (standard input, where waiting is the norm)."""
    kind = special_kind(st.st_mode) if path != "-" else "standard input"
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise CaptionError(
            f"the file is {st.st_size:,} bytes, more than the {format_size(limit)} input limit "
            "(raise it with --max-input-size)",
            path=path,
        )
    fifo = fifo_wait and stat.S_ISFIFO(st.st_mode)
    if not fifo and not os.get_blocking(fd):
        os.set_blocking(fd, True)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    total = 0
    # A regular file in one read of its size (one copy in memory); anything else in chunks.
    size = min(st.st_size, limit) + 1 if stat.S_ISREG(st.st_mode) else _CHUNK
    while True:
        if fifo and not poller.poll(FIFO_WAIT_S * 1000):
            waited = f"{FIFO_WAIT_S:g} s"
            if not total:
                raise CaptionError(
                    f"is {kind} that nothing was written to in {waited} (no writer?); start the "
                    "program that writes it first, or give a regular file",
                    path=path,
                )
            raise CaptionError(f"is {kind} whose writer sent nothing for {waited}", path=path)
        try:
            chunk = os.read(fd, size)
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        size = _CHUNK
        if total > limit:
            what = f"is {kind} and" if kind else "the file grew while read and"
            raise CaptionError(_too_big(what, limit), path=path)


def _too_big(what: str, limit: int) -> str:
    return (
        f"{what} gave more than the {format_size(limit)} input limit without ending; not a "
        "caption file (raise the limit with --max-input-size)"
    )
