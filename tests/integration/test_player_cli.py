"""`caption-player` on bad input, through the real command line: exit status 2 and exactly one
line `caption-player: error: ...` naming the file, never a traceback.

Cheap checks (missing, empty, a directory, unreadable captions) fail before the UI starts, so a
plain subprocess sees stderr. Media that only libvlc can judge (random bytes, text named .mp3),
and libvlc itself failing to load, are found after the first paint: those run in tmux and the
message is read from the terminal once the app has left the alternate screen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tmux_harness import ROOT, player_command, tmux_session

TALK = ROOT / "samples" / "talk.opus"
INSTALL_HINT = "apt-get install -y libvlc5 vlc-plugin-base"
ERROR_PREFIX = "caption-player: error: "


def run_player(*args: str | Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    env["CAPTION_PLAYER_STATE_DIR"] = str(tmp_path / "state" / "caption-player")
    return subprocess.run(
        [*player_command(), *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=60,
        check=False,
    )


def assert_one_error_line(text: str, path: Path | None) -> str:
    """`text` is exactly one `caption-player: error:` line (naming `path`), nothing else."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{text}"
    line = lines[0]
    assert line.startswith(ERROR_PREFIX), line
    assert "Traceback" not in text
    if path is not None:
        assert str(path) in line, f"{line!r} does not name {path}"
    return line


# -- fail before the UI: plain subprocess ------------------------------------------------------


def missing(d: Path) -> Path:
    return d / "nope.opus"


def empty(d: Path) -> Path:
    (d / "empty.opus").write_bytes(b"")
    return d / "empty.opus"


def directory(d: Path) -> Path:
    (d / "folder.opus").mkdir()
    return d / "folder.opus"


@pytest.mark.parametrize("make", [missing, empty, directory])
def test_cheap_bad_media_is_one_line_before_the_ui(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    media = make(tmp_path)
    result = run_player(media, tmp_path=tmp_path)
    assert result.returncode == 2, result
    assert result.stdout == ""  # nothing drawn: the UI never started
    assert_one_error_line(result.stderr, media)


def test_binary_garbage_captions_are_one_line(tmp_path: Path) -> None:
    captions = tmp_path / "garbage.srt"
    captions.write_bytes(b"\x00" + os.urandom(8192))
    result = run_player(TALK, captions, tmp_path=tmp_path)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert_one_error_line(result.stderr, captions)


def test_missing_caption_file_is_one_line(tmp_path: Path) -> None:
    captions = tmp_path / "absent.srt"
    result = run_player(TALK, captions, tmp_path=tmp_path)
    assert result.returncode == 2, result
    assert_one_error_line(result.stderr, captions)


# -- found by libvlc after the first paint: tmux -----------------------------------------------


def random_bytes(d: Path) -> Path:
    (d / "noise.opus").write_bytes(os.urandom(64 * 1024))
    return d / "noise.opus"


def text_as_mp3(d: Path) -> Path:
    (d / "notes.mp3").write_text("this is a text file, not audio\n" * 200, encoding="utf-8")
    return d / "notes.mp3"


def run_in_terminal(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run in tmux (120x40) until it exits; its exit status and everything left on the
    terminal (scrollback included, wrapped lines joined)."""
    with tmux_session(argv, width=120, height=40, env=env) as term:
        status = term.wait_exit(timeout=60)
        return status, term.capture(history=True)


@pytest.mark.tmux
@pytest.mark.parametrize("make", [random_bytes, text_as_mp3])
def test_media_libvlc_cannot_play_is_one_line_after_the_ui(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    media = make(tmp_path)
    status, terminal = run_in_terminal([*player_command(), "--audio", "none", str(media)])
    assert status == 2, terminal
    line = assert_one_error_line(terminal, media)
    assert "not playable media" in line or "could not be read as media" in line, line


@pytest.mark.tmux
def test_media_without_captions_beside_it_plays_and_says_so(tmp_path: Path) -> None:
    media = tmp_path / "lecture.opus"
    shutil.copyfile(TALK, media)
    with tmux_session([*player_command(), "--audio", "none", str(media)]) as term:
        screen = term.wait_for(
            lambda s: re.search(r"▶ 00:0\d(\.\d+)? / 41:50", s) is not None,
            timeout=60,
            what="playback",
        )
        status_line = next(line for line in screen.splitlines() if "/ 41:50" in line)
        assert "no captions beside lecture.opus" in status_line, status_line
        lines = screen.splitlines()
        top = next(i for i, line in enumerate(lines) if line.startswith("╭"))
        bottom = next(i for i, line in enumerate(lines) if line.startswith("╰"))
        assert "no captions" in " ".join(lines[top:bottom]), screen  # the now panel too
        term.send("q")
        assert term.wait_exit(timeout=30) == 0


# -- libvlc missing ----------------------------------------------------------------------------


@pytest.mark.tmux
def test_libvlc_that_cannot_load_names_the_install_command(tmp_path: Path) -> None:
    """python-vlc loads the library named by PYTHON_VLC_LIB_PATH; a path that does not exist
    makes loading genuinely fail."""
    env = {"PYTHON_VLC_LIB_PATH": str(tmp_path / "nonexistent" / "libvlc.so.5")}
    status, terminal = run_in_terminal([*player_command(), "--audio", "none"], env=env)
    assert status == 2, terminal
    assert "Traceback" not in terminal
    errors = [line for line in terminal.splitlines() if line.startswith(ERROR_PREFIX)]
    assert len(errors) == 1, terminal
    assert INSTALL_HINT in errors[0], errors[0]


def _libvlc_file() -> Path:
    """The libvlc shared object this machine loads (from this process's memory map)."""
    try:
        import vlc  # noqa: F401 - loads libvlc
    except (ImportError, OSError, SystemExit, NotImplementedError):
        pytest.skip("libvlc is not installed here")
    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split()[-1]
        if re.search(r"/libvlc\.so[.\d]*$", path):
            return Path(path)
    pytest.skip("libvlc is not mapped in this process")


def _private_mounts() -> list[str]:
    """An `unshare` prefix giving a private mount namespace, or skip."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    for prefix in ([unshare, "-m"], [unshare, "-r", "-m"]):
        probe = [*prefix, "mount", "--bind", "/dev/null", "/dev/null"]
        if subprocess.run(probe, capture_output=True, check=False, timeout=30).returncode == 0:
            return prefix
    pytest.skip("no private mount namespace here (unshare -m needs root or user namespaces)")


def _hiding(files: list[Path]) -> list[str]:
    """Argv prefix: run the rest with each of `files` replaced by an empty file, in a private
    mount namespace (nothing changes outside the test's process)."""
    binds = " && ".join(f"mount --bind /dev/null '{f}'" for f in files)
    return [*_private_mounts(), "sh", "-c", f'{binds} && exec "$@"', "sh"]


@pytest.mark.tmux
def test_no_libvlc_on_the_system_names_the_install_command() -> None:
    """As on a machine without the libvlc5 package: the library is gone and the dynamic
    linker's cache does not list it."""
    argv = [*_hiding([_libvlc_file(), Path("/etc/ld.so.cache")]), *player_command()]
    status, terminal = run_in_terminal([*argv, "--audio", "none"])
    assert status == 2, terminal
    line = assert_one_error_line(terminal, None)
    assert INSTALL_HINT in line, line


@pytest.mark.tmux
def test_unloadable_libvlc_names_the_install_command() -> None:
    """The linker's cache lists libvlc but the file cannot be loaded (removed or broken)."""
    argv = [*_hiding([_libvlc_file()]), *player_command()]
    status, terminal = run_in_terminal([*argv, "--audio", "none"])
    assert status == 2, terminal
    line = assert_one_error_line(terminal, None)
    assert INSTALL_HINT in line, line
