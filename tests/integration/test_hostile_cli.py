"""Hostile input against the real command lines (`captions`, `caption-player`) run as
subprocesses: odd output paths, numbers that overflow, escape sequences in names and content.
Each test reproduces a failure of issue 9 seen on the code before the fix."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEDIA = ROOT / "samples" / "talk.opus"
#: What a hostile name or file carries: set the window title, clear the screen, colour.
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H"
#: Bytes that must never reach the terminal raw (ESC, BEL, C1 CSI).
RAW = ("\x1b", "\x07", "\x9b")

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n"


def run(
    *args: str | Path, cwd: Path = ROOT, prog: str = "captions"
) -> subprocess.CompletedProcess[str]:
    """`python -m captions|player ARGS` in a fresh interpreter, of this tree whatever `cwd`
    is; a timeout so nothing hangs."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", prog, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def one_error(result: subprocess.CompletedProcess[str], prog: str = "captions") -> str:
    """The one `PROG: error: …` line of a refused run (exit 2), with nothing raw in it."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{prog}: error: "), lines[0]
    assert not any(raw in result.stderr for raw in RAW), repr(result.stderr)
    return lines[0]


@pytest.fixture
def ok(tmp_path: Path) -> Path:
    path = tmp_path / "ok.srt"
    path.write_text(SRT)
    return path


# --- output paths ----------------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
    return path


def _link_to_dev_null(path: Path) -> Path:
    path.symlink_to("/dev/null")  # a device through a link: never /dev/null itself
    return path


def _link_to_fifo(path: Path) -> Path:
    path.symlink_to(_fifo(path.with_name("real.fifo")))
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "FIFO"),
        (_socket, "socket"),
        (_link_to_dev_null, "character device"),
        (_link_to_fifo, "FIFO"),
    ],
)
def test_a_non_regular_output_is_refused_and_left_as_it_was(
    ok: Path, tmp_path: Path, make: object, kind: str
) -> None:
    out = make(tmp_path / "out.srt")  # type: ignore[operator]
    before = os.lstat(out)
    line = one_error(run("convert", ok, out, "--force"))
    assert kind in line and "out.srt" in line
    after = os.lstat(out)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_ino == before.st_ino
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(("name", "stream"), [("/dev/stdout", "stdout"), ("/dev/stderr", "stderr")])
def test_dev_stdout_and_stderr_are_written_through(ok: Path, name: str, stream: str) -> None:
    before = os.lstat(name)
    result = run("convert", ok, name, "--to", "vtt")
    assert result.returncode == 0, result.stderr
    assert getattr(result, stream).startswith("WEBVTT")
    after = os.lstat(name)
    assert stat.S_ISLNK(after.st_mode) and after.st_ino == before.st_ino


def test_a_symlinked_output_is_written_through_and_the_link_kept(ok: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.srt"
    real.write_text("old")
    link = tmp_path / "link.srt"
    link.symlink_to(real)
    result = run("shift", ok, link, "--by", "1s", "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "00:00:02,000 --> 00:00:03,000" in real.read_text()


def test_a_symlinked_caption_file_edited_in_place_keeps_its_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "talk.srt"
    real.parent.mkdir()
    real.write_text(SRT)
    link = tmp_path / "talk.srt"
    link.symlink_to(real)
    result = run("shift", link, link, "--by", "1s")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "00:00:02,000 --> 00:00:03,000" in real.read_text()
    assert real.with_name("talk.srt.bak").read_text() == SRT  # the backup beside the target
    assert sorted(p.name for p in real.parent.iterdir()) == ["talk.srt", "talk.srt.bak"]


def test_an_existing_output_that_is_not_the_input_needs_force(ok: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.srt"
    precious.write_text("precious")
    line = one_error(run("convert", ok, precious))
    assert "precious.srt" in line and "--force" in line
    assert precious.read_text() == "precious"
    assert run("convert", ok, precious, "--force").returncode == 0
    assert precious.read_text().startswith("1\n00:00:01,000")


def test_the_input_as_output_needs_no_force_and_keeps_a_backup(ok: Path) -> None:
    result = run("shift", ok, ok, "--by", "1s")
    assert result.returncode == 0, result.stderr
    assert ok.with_name("ok.srt.bak").read_text() == SRT


def test_a_planted_backup_link_is_replaced_not_followed(ok: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    ok.with_name("ok.srt.bak").symlink_to(victim)
    result = run("shift", ok, ok, "--by", "1s")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "keep me"
    assert not ok.with_name("ok.srt.bak").is_symlink()
    assert ok.with_name("ok.srt.bak").read_text() == SRT


def test_a_directory_named_like_the_backup_is_named_in_the_error(ok: Path) -> None:
    ok.with_name("ok.srt.bak").mkdir()
    line = one_error(run("shift", ok, ok, "--by", "1s"))
    assert "ok.srt.bak" in line and "directory" in line
    assert ok.read_text() == SRT
    assert sorted(p.name for p in ok.parent.iterdir()) == ["ok.srt", "ok.srt.bak"]


#: The real CLI, stopped or killed by a signal to itself in the middle of a save (after the
#: temporary file is written, before it is renamed): exactly where `kill -9` leaves it.
SIGNAL_IN_SAVE = """
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.fsync = real_fsync
    os.kill(os.getpid(), int(sys.argv[1]))
os.fsync = fsync
from captions.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def _save_with_signal(sig: int, *args: str | Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", SIGNAL_IN_SAVE, str(int(sig)), *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_stopped(process: subprocess.Popen[bytes]) -> None:
    """Poll (bounded) until `process` has stopped itself; fail if it exits instead."""
    for _ in range(1200):
        assert process.poll() is None, "the save finished instead of stopping"
        with open(f"/proc/{process.pid}/stat") as fp:
            if fp.read().rsplit(")", 1)[1].split()[0] == "T":
                return
        time.sleep(0.05)
    raise AssertionError("the save never reached its fsync")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_temporary_files_left_by_a_kill_9_are_removed_by_the_next_save(
    ok: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.srt"
    killed = _save_with_signal(signal.SIGKILL, "convert", ok, out)
    assert killed.wait(timeout=60) == -signal.SIGKILL
    assert _temps(tmp_path), "the killed save left no temporary file"
    someone_elses = tmp_path / ".out.srt.notes.tmp"
    someone_elses.write_text("not ours")
    result = run("convert", ok, out)
    assert result.returncode == 0, result.stderr
    assert _temps(tmp_path) == [someone_elses.name]
    assert "00:00:03,000 --> 00:00:04,000\nWorld" in out.read_text()


def test_a_save_running_in_another_process_keeps_its_temporary_file(ok: Path) -> None:
    stopped = _save_with_signal(signal.SIGSTOP, "shift", ok, ok, "--by", "1s")
    try:
        _wait_until_stopped(stopped)
        temps = _temps(ok.parent)
        assert temps, "the stopped save has no temporary file"
        result = run("shift", ok, ok, "--by", "1s")  # a second save of the same file
        assert result.returncode == 0, result.stderr
        assert set(temps) <= set(_temps(ok.parent)), "a live save's temporary file was removed"
    finally:
        stopped.send_signal(signal.SIGCONT)
    assert stopped.wait(timeout=60) == 0, stopped.stderr.read() if stopped.stderr else ""
    assert _temps(ok.parent) == []


# --- numbers that overflow --------------------------------------------------------------------

CAPTIONS_NUMBERS = [
    (("shift", "--by", "99999999999999999999999h"), "--by"),
    (("shift", "--by", "1e308"), "--by"),
    (("shift", "--by", "nan"), "--by"),
    (("shift", "--by", "1s", "--from", "1e308"), "--from"),
    (("retime", "--map", "1e308=1", "--map", "2=3"), "--map"),
    (("retime", "--map", "0=0", "--map", "1=1e308"), "--map"),
    (("retime", "--scale", "1e308"), "--scale"),
    (("retime", "--scale", "inf"), "--scale"),
    (("retime", "--fps", "1e-300:1e300"), "--fps"),
    (("retime", "--fps", "25:1e-320"), "--fps"),
    (("tidy", "--max-duration", "1e308s"), "--max-duration"),
    (("tidy", "--max-duration", "99999999999999999999999999999999h"), "--max-duration"),
    (("tidy", "--max-lines", "9" * 5000), "--max-lines"),
    (("tidy", "--max-cps", "nan"), "--max-cps"),
    (("convert", "--media-duration", "1e308"), "--media-duration"),
    (("convert", "--frame-rate", "1e-300"), "--frame-rate"),
    (("sync", "--max-offset", "1e308s"), "--max-offset"),
]


@pytest.mark.parametrize(("args", "option"), CAPTIONS_NUMBERS)
def test_a_number_that_overflows_is_one_line_naming_its_option(
    ok: Path, tmp_path: Path, args: tuple[str, ...], option: str
) -> None:
    command, *options = args
    out = tmp_path / "out.sub"
    files = [MEDIA, ok, out] if command == "sync" else [ok, out]
    line = one_error(run(command, *files, *options))
    assert f"error: {option}:" in line, line
    assert not out.exists()


def test_info_media_duration_overflow_is_one_line(ok: Path) -> None:
    line = one_error(run("info", ok, "--media-duration", "1e308"))
    assert "--media-duration" in line


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--start", "1e308"), "--start"),
        (("--start", "inf"), "--start"),
        (("--step", "1e308s"), "--step"),
        (("--step", "99999999999999999999999999h"), "--step"),
        (("--reaction", "-1s"), "--reaction"),
        (("--rewind-on-resume", "1e308s"), "--rewind-on-resume"),
    ],
)
def test_the_player_names_the_option_of_a_bad_number(args: tuple[str, ...], option: str) -> None:
    line = one_error(run(MEDIA, *args, prog="player"), prog="caption-player")
    assert f"argument {option}:" in line, line
    assert "expected one argument" not in line


@pytest.mark.parametrize(
    ("name", "by"),
    [("out.txt", "99h"), ("out.lrc", "17h"), ("out.ass", "10h"), ("out.srt", "99h")],
)
def test_a_shift_past_what_the_format_can_hold_is_refused_up_front(
    tmp_path: Path, name: str, by: str
) -> None:
    source = tmp_path / "late.srt"
    source.write_text("1\n02:00:00,000 --> 02:00:02,000\nLate\n")
    out = tmp_path / name
    line = one_error(run("shift", source, out, "--by", by))
    assert "nothing written" in line
    assert not out.exists()


# --- nothing raw on the terminal ---------------------------------------------------------------


def test_info_shows_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    path = tmp_path / f"evil{TITLE}{CLEAR}.srt"
    path.write_text(SRT)
    result = run("info", path.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(raw in result.stdout for raw in RAW), repr(result.stdout)
    assert "evil␛]0;pwned␇␛[2J␛[H.srt" in result.stdout


def test_info_json_escapes_c1_controls_and_keeps_the_name(tmp_path: Path) -> None:
    name = "csi\x9b31m\u202eevil.srt"
    (tmp_path / name).write_text(SRT)
    result = run("info", name, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(raw in result.stdout for raw in (*RAW, "\u202e")), repr(result.stdout)
    assert json.loads(result.stdout)["file"] == name


def test_an_error_shows_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    line = one_error(run("info", f"gone{TITLE}.srt", cwd=tmp_path))
    assert "gone␛]0;pwned␇.srt" in line


def test_an_error_shows_file_content_visibly(tmp_path: Path) -> None:
    content = json.dumps({"info": {}, "styles": {}, "events": [{CLEAR: 1}]})
    (tmp_path / "key.json").write_text(content)
    line = one_error(run("info", "key.json", cwd=tmp_path))
    assert "␛" in line


def test_a_warning_shows_file_content_visibly(tmp_path: Path) -> None:
    """A bad LRC `[offset:]` tag is ignored with a warning (the lossless reader keeps it in
    the file); the warning quotes the tag inert."""
    (tmp_path / "tag.lrc").write_text(f"[offset:{TITLE}]\n[00:01.00]Hello\n")
    result = run("info", "tag.lrc", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "ignored [offset:␛]0;pwned␇]" in output
    assert not any(raw in output for raw in RAW), repr(output)


def test_the_backup_note_shows_a_hostile_name_visibly(tmp_path: Path) -> None:
    path = tmp_path / f"talk{TITLE}.srt"
    path.write_text(SRT)
    result = run("shift", path.name, path.name, "--by", "1s", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kept the original as talk␛]0;pwned␇.srt.bak" in result.stderr
    assert not any(raw in result.stderr for raw in RAW), repr(result.stderr)


def test_a_usage_error_shows_a_hostile_argument_visibly(ok: Path) -> None:
    line = one_error(run("info", ok, CLEAR))
    assert "␛[2J" in line


def test_the_player_shows_a_hostile_caption_name_visibly(tmp_path: Path) -> None:
    line = one_error(
        run(MEDIA, tmp_path / f"gone{TITLE}.srt", prog="player"), prog="caption-player"
    )
    assert "gone␛]0;pwned␇.srt" in line
