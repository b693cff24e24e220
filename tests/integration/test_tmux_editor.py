"""The timing editor end to end in tmux, as a person would use it: real libvlc (silent
output), real keys, real files; kill -9 and the recovery journal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from captions.formats import load
from tests.tmux_harness import ROOT, player_command, python_pids, tmux_session

TALK_SRT = ROOT / "samples" / "talk.srt"
TALK = ROOT / "samples" / "talk.opus"


def captions_cli(*args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "captions", *map(str, args)],
        check=True,
        capture_output=True,
        timeout=60,
    )


def timing_and_text(path: Path) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.text) for e in load(path).events]


@pytest.fixture
def late_copy(tmp_path: Path) -> Path:
    """samples/talk.srt, every cue 2 s late, made with the CLI."""
    late = tmp_path / "talk.srt"
    captions_cli("shift", TALK_SRT, late, "--by", "2s")
    return late


def test_twenty_z_presses_fix_a_2s_late_file(late_copy: Path) -> None:
    shifted_bytes = late_copy.read_bytes()
    argv = [*player_command(), str(TALK), str(late_copy), "--audio", "none", "--paused"]
    with tmux_session(argv, width=120, height=40) as tmux:
        tmux.wait_for("talk.srt", what="the player's status line")
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        for _ in range(20):
            tmux.send("z")
        tmux.wait_for("offset -2.000 s", what="the offset after 20 × z")
        tmux.send("C-s")
        tmux.wait_for("Saved talk.srt", what="the save notification")
        tmux.send("q")
        assert tmux.wait_exit() == 0
    assert timing_and_text(late_copy) == timing_and_text(TALK_SRT)
    assert late_copy.read_bytes() == TALK_SRT.read_bytes()
    assert (late_copy.parent / "talk.srt.bak").read_bytes() == shifted_bytes


def test_kill_9_after_edits_then_restore_from_journal(tmp_path: Path) -> None:
    work = tmp_path / "kill9"
    work.mkdir()
    copy = work / "talk.srt"
    copy.write_bytes(TALK_SRT.read_bytes())
    state = tmp_path / "state"
    argv = [*player_command(), str(TALK), str(copy), "--audio", "none", "--paused"]
    with tmux_session(argv, state_dir=state) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        for key in ("x", "x", "x", "X"):
            tmux.send(key)
        tmux.wait_for("offset +1.300 s", what="the offset after the edits")
        time.sleep(1.5)  # the journal is written within a second of an edit
        pids = python_pids(str(copy))
        assert pids, "the player process was not found"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        assert tmux.wait_exit() == 128 + signal.SIGKILL
    assert copy.read_bytes() == TALK_SRT.read_bytes()  # nothing saved

    with tmux_session(argv, state_dir=state) as tmux:
        tmux.wait_for("Recover unsaved edits?", what="the recovery prompt")
        tmux.send("Enter")  # Restore is the default answer
        tmux.wait_for("offset +1.300 s", what="the restored offset")
        tmux.send("C-s")
        tmux.wait_for("Saved talk.srt", what="the save notification")
        tmux.send("q")
        assert tmux.wait_exit() == 0
    expected = [(s + 1300, e + 1300, t) for s, e, t in timing_and_text(TALK_SRT)]
    assert timing_and_text(copy) == expected
    assert not list((state / "caption-player" / "recovery").glob("*.json"))
