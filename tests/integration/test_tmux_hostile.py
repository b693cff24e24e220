"""Hostile cue text and file names in a real terminal (tmux), as a person would see them: the
pane title never changes, the screen shows the escapes as `␛…` text, and `capture-pane -e`
holds no escape sequence but the app's own styling (SGR), at every step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pysubs2
import pytest

from tests.tmux_harness import ROOT, TmuxSession, player_command, tmux_session

TALK = ROOT / "samples" / "talk.opus"
#: A title change, a colour, a screen clear, and C1 CSI: what the issue saw reach the terminal.
HOSTILE_TEXT = "\x1b]0;pwned\x07 \x1b[31mred\x1b[2J\x1b[H now"
SHOWN_TEXT = "␛]0;pwned␇ ␛[31mred␛[2J␛[H now"
HOSTILE_NAME = "bad\x1b]0;pwned\x07\x1b[2J.srt"
SHOWN_NAME = "bad␛]0;pwned␇␛[2J.srt"
#: The styling Textual sends and tmux keeps: Select Graphic Rendition, nothing else.
SGR = re.compile(r"\x1b\[[0-9;:]*m")


def check_terminal(tmux: TmuxSession) -> str:
    """The pane's title is still the default one, and the screen holds only the app's own
    styling sequences; returns the screen's text."""
    assert tmux._display("#{pane_title}") == tmux._display("#{host}"), "the title was changed"
    styled = tmux._run("capture-pane", "-p", "-e", "-t", tmux.name).stdout
    foreign = re.findall(r"\x1b.{0,12}", SGR.sub("", styled))
    assert not foreign, f"escape sequences the app did not style: {foreign!r}"
    return tmux.capture()


@pytest.fixture
def hostile_srt(tmp_path: Path) -> Path:
    subs = pysubs2.SSAFile()
    subs.events.append(pysubs2.SSAEvent(start=0, end=60_000, text=HOSTILE_TEXT))
    subs.events.append(pysubs2.SSAEvent(start=60_000, end=70_000, text="a plain second cue"))
    path = tmp_path / HOSTILE_NAME
    subs.save(str(path), format_="srt")
    return path


def test_hostile_cue_and_file_name_stay_inert_in_every_view(hostile_srt: Path) -> None:
    argv = [*player_command(), str(TALK), str(hostile_srt), "--audio", "none", "--paused"]
    with tmux_session(argv, width=140, height=40) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        screen = check_terminal(tmux)
        assert SHOWN_NAME in screen  # header and status line
        assert SHOWN_TEXT in screen  # now panel and transcript
        tmux.send("e")
        tmux.wait_for("Ctrl+S keeps", what="the text editor")
        assert SHOWN_TEXT in check_terminal(tmux)
        tmux.send("Escape")
        tmux.wait_for(lambda screen: "Ctrl+S keeps" not in screen, what="the editor closed")
        tmux.send("x")
        tmux.wait_for("offset +0.100 s", what="the edit")
        tmux.send("C-s")
        tmux.wait_for(f"Saved {SHOWN_NAME}", what="the save notification")
        check_terminal(tmux)
        tmux.send("C-e")
        tmux.wait_for("Export captions", what="the export dialog")
        assert "bad␛]0;pwned␇" in check_terminal(tmux)  # the default export path
        tmux.send("Escape")
        tmux.wait_for(lambda screen: "Export captions" not in screen, what="the dialog closed")
        tmux.send("q")
        assert tmux.wait_exit() == 0
        check_terminal(tmux)
    assert pysubs2.load(str(hostile_srt)).events[0].text == HOSTILE_TEXT  # kept, byte for byte


def test_no_captions_note_with_a_hostile_media_name(tmp_path: Path) -> None:
    media = tmp_path / "talk\x1b]0;pwned\x07\x1b[2J.opus"
    shutil.copyfile(TALK, media)
    argv = [*player_command(), str(media), "--audio", "none", "--paused"]
    with tmux_session(argv, width=160, height=30) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        assert "no captions beside talk␛]0;pwned␇␛[2J.opus" in check_terminal(tmux)
        tmux.send("q")
        assert tmux.wait_exit() == 0
        check_terminal(tmux)
