"""Drive a terminal program in a private, detached tmux server and read its screen.

Each `TmuxSession` runs its own server (`tmux -L <unique socket> -f <own config>`), so it never
touches the user's tmux. A `sh` wrapper writes the program's exit status to a file and keeps the
pane open afterwards, so a test can read what the terminal shows once the program has ended.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The cache directory the sessions share (see `TmuxSession`).
SHARED_CACHE = Path(tempfile.gettempdir()) / f"caption-player-test-cache-{os.getuid()}"
#: How often the screen is polled while waiting.
POLL_S = 0.05

_CONFIG = """\
set -g remain-on-exit on
set -g status off
set -g history-limit 5000
set -g default-terminal "xterm-256color"
set -g escape-time 0
"""


def require_tmux() -> str:
    """The tmux executable, or skip the test with the reason."""
    tmux = shutil.which("tmux")
    if tmux is None:
        reason = "tmux is not installed (apt-get install -y tmux; CI installs it)"
        try:
            import pytest
        except ImportError:  # a benchmark, run without the test extras
            raise SystemExit(reason) from None
        pytest.skip(reason)
    return tmux


def player_command() -> list[str]:
    """How to start caption-player: the script beside the running interpreter (its virtual
    environment), else the one on PATH, else `python -m player` with this interpreter."""
    beside = Path(sys.executable).parent / "caption-player"
    if beside.exists():
        return [str(beside)]
    on_path = shutil.which("caption-player")
    if on_path is not None:
        return [on_path]
    return [sys.executable, "-m", "player"]


class TmuxSession:
    """One program in a detached tmux session of `width` x `height` cells."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        width: int = 120,
        height: int = 40,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
        state_dir: Path | None = None,
    ) -> None:
        self._tmux = require_tmux()
        self._own_tmp = tempfile.TemporaryDirectory(prefix="tmux-harness-")
        self.tmp = Path(self._own_tmp.name)
        self.state_dir = state_dir or self.tmp / "state"
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.socket = f"cp-test-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.name = "main"
        self.width, self.height = width, height
        config = self.tmp / "tmux.conf"
        config.write_text(_CONFIG)
        variables = {
            "TERM": "xterm-256color",
            "XDG_STATE_HOME": str(self.state_dir),
            "CAPTION_PLAYER_STATE_DIR": str(self.state_dir / "caption-player"),
            # Audio envelopes are shared between sessions (keyed by each file's identity), so
            # the talk is analysed once per machine, not once per test; never the user's cache.
            "CAPTION_PLAYER_CACHE_DIR": str(SHARED_CACHE),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "LC_ALL": os.environ.get("LC_ALL", "C.UTF-8"),
            "HOME": os.environ.get("HOME", str(self.tmp)),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **(env or {}),
        }
        # `env -i`: the program sees exactly these variables (no DISPLAY, no PULSE_SERVER, ...).
        # The exit status goes to a file (tmux 3.3 sometimes reports a pane dead seconds before
        # it reaps the process and knows `#{pane_dead_status}`), then the shell idles so the
        # pane shows exactly what the program left: its last words, cursor and modes.
        self._exit_file = self.tmp / "exit-status"
        partial = shlex.quote(str(self._exit_file) + ".part")
        record = (
            f'"$@"; echo "$?" > {partial} && mv {partial} {shlex.quote(str(self._exit_file))}'
            "; exec sleep 86400"
        )
        command = [
            "sh",
            "-c",
            record,
            "sh",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in variables.items()),
            *argv,
        ]
        self._run(
            "-f",
            str(config),
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(cwd),
            shlex.join(command),
        )
        self.captures: list[str] = []  # every screen read, for checks over the whole run

    # -- tmux plumbing ---------------------------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self._tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def _display(self, fmt: str) -> str:
        return self._run("display-message", "-p", "-t", self.name, fmt).stdout.strip()

    # -- the screen ------------------------------------------------------------------------------
    def capture(self, *, history: bool = False, escapes: bool = False) -> str:
        """The visible screen as text (one line per row, trailing blanks trimmed by tmux);
        with `history`, the scrolled-off lines above it too, and wrapped lines joined; with
        `escapes`, the colours and attributes as escape sequences (`capture-pane -e`)."""
        extra = ["-J", "-S", "-"] if history else []
        if escapes:
            extra.append("-e")
        screen = self._run("capture-pane", "-p", *extra, "-t", self.name).stdout
        self.captures.append(screen)
        return screen

    def lines(self) -> list[str]:
        """The visible screen, row by row."""
        return self.capture().splitlines()

    def send(self, *keys: str) -> None:
        """Press keys, in tmux's names (`Space`, `Right`, `q`, `C-c`, ...)."""
        self._run("send-keys", "-t", self.name, *keys)

    def wait_for(
        self,
        predicate: Callable[[str], bool] | str,
        timeout: float = 30.0,
        what: str | None = None,
    ) -> str:
        """Poll the screen every 50 ms until `predicate(screen)` (or the text is on screen)."""
        if isinstance(predicate, str):
            needle = predicate
            what = what or repr(needle)

            def predicate(screen: str) -> bool:
                return needle in screen

        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what or 'the screen'};"
                    f" screen was:\n{screen}"
                )
            time.sleep(POLL_S)

    def terminal_modes(self) -> dict[str, str]:
        """The pane's terminal modes: alternate screen, cursor shown, mouse reporting."""
        names = ("alternate_on", "cursor_flag", "mouse_any_flag", "mouse_button_flag")
        values = self._display("|".join(f"#{{{name}}}" for name in names)).split("|")
        return dict(zip(names, values, strict=True))

    # -- the process -----------------------------------------------------------------------------
    def exited(self) -> bool:
        """Whether the program has ended."""
        return self._exit_file.exists()

    def exit_status(self) -> int | None:
        """The program's exit status, or None while it runs."""
        try:
            return int(self._exit_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the program to end and return its exit status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.exit_status()
            if status is not None:
                return status
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the program did not exit within {timeout:.0f} s; screen:\n{self.capture()}"
                )
            time.sleep(POLL_S)

    def close(self) -> None:
        """Kill the private tmux server and remove the temporary files."""
        self._run("kill-server", check=False)
        self._own_tmp.cleanup()


@contextmanager
def tmux_session(argv: Sequence[str], **kwargs: object) -> Iterator[TmuxSession]:
    """A `TmuxSession` that is always killed afterwards."""
    session = TmuxSession(argv, **kwargs)  # type: ignore[arg-type]
    try:
        yield session
    finally:
        session.close()


def python_pids(marker: str) -> list[int]:
    """PIDs of Python interpreters whose arguments contain `marker`. Found by their executable,
    not their arguments: the shell wrapper that records the exit status has the same ones."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            executable = os.readlink(entry / "exe")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline and "python" in Path(executable).name:
            found.append(int(entry.name))
    return found
