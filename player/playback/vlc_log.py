"""Keep what libvlc, ALSA and codecs print away from the terminal, in a log file instead.

Textual draws on `sys.__stderr__`, which is normally file descriptor 2, and C libraries write
their complaints to fd 2 directly. Three layers, each tested:

- `LogFile` + `attach`: libvlc's own messages go to a file (`libvlc_log_set_file`).
- `silence_alsa()`: ALSA's error handler is replaced by a no-op (it otherwise prints hundreds of
  "ALSA lib ..." lines per second when no sound card exists and ALSA is tried).
- `detach_stderr()`: for the app, before the UI starts: fd 2 becomes the log file for good, and
  `sys.stderr`/`sys.__stderr__` move to a duplicate of the terminal. Python (and Textual) keep
  writing to the terminal; whatever any C library writes to fd 2, at any time, lands in the log.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from pathlib import Path
from typing import Any, TextIO

import platformdirs

APP_NAME = "caption-player"

_alsa_handler: object | None = None


def default_log_path() -> Path:
    """~/.local/state/caption-player/vlc.log (per platformdirs)."""
    return platformdirs.user_state_path(APP_NAME) / "vlc.log"


def open_log(path: Path) -> Path:
    """Create the log's folder and start a fresh log; returns the path actually used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    except OSError:
        path = Path(os.devnull)
    return path


class LogFile:
    """A C `FILE*` open for appending, for `libvlc_log_set_file`; close after the instance."""

    def __init__(self, path: Path) -> None:
        self.path = path
        libc = ctypes.CDLL(None)
        self._fopen = libc.fopen
        self._fopen.restype = ctypes.c_void_p
        self._fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self._fclose = libc.fclose
        self._fclose.argtypes = [ctypes.c_void_p]
        setvbuf = libc.setvbuf
        setvbuf.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t]
        self.pointer: int | None = self._fopen(os.fsencode(path), b"a")
        if self.pointer:
            setvbuf(self.pointer, None, 1, 0)  # _IOLBF: a crash still leaves the log readable

    def close(self) -> None:
        if self.pointer:
            self._fclose(self.pointer)
            self.pointer = None


def silence_alsa() -> bool:
    """Make ALSA's error messages no-ops for this process. False if libasound is absent."""
    global _alsa_handler
    if _alsa_handler is not None:
        return True
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        asound = ctypes.CDLL(name)
    except OSError:
        return False
    # void handler(const char *file, int line, const char *function, int err, const char *fmt,
    # ...): the variadic tail is ignored, which the C calling convention allows.
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(lambda *_args: None)
    asound.snd_lib_error_set_handler(handler)
    _alsa_handler = handler  # must outlive every ALSA call
    return True


class DetachedStderr:
    """What `detach_stderr` changed, so `restore` can undo it."""

    def __init__(self, saved_fd: int, terminal: TextIO, old_stderr: TextIO, old_dunder: Any):
        self.saved_fd = saved_fd
        self.terminal = terminal
        self._old_stderr = old_stderr
        self._old_dunder = old_dunder

    def restore(self) -> None:
        """Put fd 2 and `sys.stderr` back as they were."""
        with contextlib.suppress(OSError, ValueError):
            self.terminal.flush()
        os.dup2(self.saved_fd, 2)
        sys.stderr = self._old_stderr
        sys.__stderr__ = self._old_dunder  # type: ignore[misc,unused-ignore]


def detach_stderr(log_path: Path) -> DetachedStderr | None:
    """Point fd 2 at `log_path` and Python's stderr at a duplicate of the old fd 2.

    Call once in the app's main thread before the UI starts (Textual reads `sys.__stderr__`
    when it creates its driver). Returns None (and changes nothing) if fd 2 is unusable.
    """
    try:
        log_fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        saved = os.dup(2)
    except OSError:
        os.close(log_fd)
        return None
    old_stderr, old_dunder = sys.stderr, sys.__stderr__
    encoding = getattr(old_dunder, "encoding", None) or "utf-8"
    errors = getattr(old_dunder, "errors", None) or "backslashreplace"
    sys.stdout.flush()
    old_stderr.flush()
    terminal = open(  # noqa: SIM115 - lives as long as the process writes to the terminal
        os.dup(saved), "w", encoding=encoding, errors=errors, buffering=1, closefd=True
    )
    os.dup2(log_fd, 2)
    os.close(log_fd)
    sys.stderr = terminal
    sys.__stderr__ = terminal  # type: ignore[assignment,misc,unused-ignore]
    return DetachedStderr(saved, terminal, old_stderr, old_dunder)
