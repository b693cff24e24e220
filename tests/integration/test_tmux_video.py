"""End to end in a real terminal (tmux), real libVLC: the sample video drawn in the pane as
coloured half blocks (read back with `capture-pane -e`), hidden and shown with `v`; a second
caption track under the main cue and under the rows, hidden with `b`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from captions.formats import load
from tests.tmux_harness import ROOT, TmuxSession, player_command, tmux_session
from tests.video_samples import sample_video

pytestmark = [pytest.mark.tmux, pytest.mark.vlc]

CAPTIONS = ROOT / "samples" / "talk.srt"
#: Runs of upper half blocks and the escape sequences just before them (tmux writes the
#: foreground and background colours as separate sequences).
HALF_BLOCK_RUNS = re.compile(r"((?:\x1b\[[0-9;]*m)+)(▀+)")
FOREGROUND = re.compile(r"\x1b\[(?:[0-9;]*;)?38;(?:5;\d+|2;\d+;\d+;\d+)")
NOISE = ("ALSA lib", "[0000", "main libvlc", "Traceback", "VDPAU")


def second_track(folder: Path) -> Path:
    """The talk's captions, each text replaced by a marked "translation" of its number."""
    track = load(CAPTIONS)
    for number, event in enumerate(track.events, 1):
        event.text = f"ZWEITE SPUR {number}"
    path = folder / "second.srt"
    path.write_text(
        "".join(
            f"{n}\n{format_srt(e.start)} --> {format_srt(e.end)}\n{e.text}\n\n"
            for n, e in enumerate(track.events, 1)
        ),
        encoding="utf-8",
    )
    return path


def format_srt(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def coloured_blocks(tmux: TmuxSession) -> int:
    """Upper half blocks drawn with a colour of their own (the video pane's cells)."""
    runs = HALF_BLOCK_RUNS.findall(tmux.capture(escapes=True))
    return sum(len(blocks) for codes, blocks in runs if FOREGROUND.search(codes))


def test_the_pane_shows_the_video_as_coloured_half_blocks_and_v_hides_it(
    tmp_path: Path,
) -> None:
    argv = [*player_command(), str(sample_video()), str(CAPTIONS), "--audio", "none"]
    argv += ["--video", "terminal", "--second", str(second_track(tmp_path))]
    with tmux_session(argv, width=100, height=30) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        tmux.wait_for(lambda _: coloured_blocks(tmux) > 200, timeout=30, what="half blocks")
        screen = tmux.wait_for("ZWEITE SPUR", timeout=30, what="the second track")
        tmux.send("v")
        tmux.wait_for(lambda s: "▀" not in s, timeout=10, what="the pane hidden")
        tmux.send("v")
        tmux.wait_for(lambda _: coloured_blocks(tmux) > 200, timeout=30, what="the pane again")
        tmux.send("b")
        tmux.wait_for(lambda s: "ZWEITE" not in s, timeout=10, what="the second track hidden")
        tmux.send("q")
        assert tmux.wait_exit() == 0
        for capture in tmux.captures:
            assert not any(noise in capture for noise in NOISE), capture
    assert "ZWEITE SPUR" in screen
