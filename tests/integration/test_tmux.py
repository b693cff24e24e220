"""End to end, as a person would: `caption-player` in a real terminal (tmux), real libvlc.

The screen is read with `capture-pane` and checked against the caption file itself: the cue
highlighted and shown large is the one containing the time the status line shows.
"""

from __future__ import annotations

import re
import time

import pytest

from captions.formats import load
from captions.track import Track
from tests.tmux_harness import ROOT, TmuxSession, player_command, tmux_session

pytestmark = pytest.mark.tmux

TALK = ROOT / "samples" / "talk.txt"
#: What libvlc, ALSA, codecs or Python print when they leak onto the screen.
NOISE = ("ALSA lib", "[0000", "main libvlc", "Traceback")
#: "▶ 00:11 / 41:50" or "⏸ 00:11.342 / 41:50.927": state, elapsed, total (the status line).
TIME = r"\d+:\d\d(?::\d\d)?(?:\.\d+)?"
STATUS = re.compile(rf"([▶⏸■…✖]) ({TIME}) / ({TIME})")
#: A transcript row holding the highlight: "▶ 00:10.000   Had a really great lunch."
HIGHLIGHT_ROW = re.compile(r"^▶ (\d+:\d\d(?::\d\d)?\.\d\d\d) {2,}(\S.*)$", re.MULTILINE)
#: The cue boundary race: the screen may show the cue at t or at t ± this.
RACE_MS = 500


def seconds(stamp: str) -> float:
    """ "01:02.5" or "1:02:03.5" in seconds."""
    value = 0.0
    for part in stamp.split(":"):
        value = value * 60 + float(part)
    return value


def status(screen: str) -> tuple[str, float]:
    """(state symbol, elapsed seconds) from the status line."""
    match = STATUS.search(screen)
    assert match, f"no status line on screen:\n{screen}"
    return match.group(1), seconds(match.group(2))


def resolution_ms(screen: str) -> int:
    """How coarse the shown elapsed time is: the app truncates it (to whole seconds while
    playing, milliseconds when paused)."""
    match = STATUS.search(screen)
    assert match, screen
    _, _, decimals = match.group(2).partition(".")
    return int(10 ** (3 - len(decimals)))


def highlighted_start(screen: str) -> float | None:
    """Start time (s) of the highlighted transcript row, if one is on screen."""
    match = HIGHLIGHT_ROW.search(screen)
    return seconds(match.group(1)) if match else None


def now_panel_text(screen: str) -> str:
    """The text inside the bordered "now" panel, whitespace-normalised."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    bottom = next(i for i, line in enumerate(lines) if line.startswith("╰"))
    inside = [line.strip().strip("│").strip() for line in lines[top + 1 : bottom]]
    return " ".join(" ".join(inside).split())


def assert_no_noise(session: TmuxSession) -> None:
    for screen in session.captures:
        for noise in NOISE:
            assert noise not in screen, f"library noise {noise!r} reached the screen:\n{screen}"


def assert_current_cue_shown(screen: str, track: Track) -> int:
    """The cue containing the shown time (± the boundary race) is highlighted in the transcript
    and written in the now panel; returns its index."""
    _, elapsed = status(screen)
    at = round(elapsed * 1000)
    # The playhead is in [at, at + resolution), give or take the boundary race.
    window = range(at - RACE_MS, at + resolution_ms(screen) + RACE_MS + 1, 50)
    candidates = {cue for t in window if (cue := track.cue_at(t)) is not None}
    assert candidates, f"no cue near {elapsed} s in {TALK.name}"
    start = highlighted_start(screen)
    assert start is not None, f"no highlighted row on screen:\n{screen}"
    shown = [i for i in candidates if track.events[i].start == round(start * 1000)]
    assert shown, (
        f"highlighted row starts at {start} s, but at {elapsed} s the cue is one of "
        f"{sorted(track.events[i].start for i in candidates)} ms:\n{screen}"
    )
    cue = shown[0]
    words = " ".join(track.events[cue].plaintext.split())
    panel = now_panel_text(screen)
    assert words[:60] in panel, f"cue {cue} {words!r} is not in the now panel {panel!r}"
    return cue


def playing_status(screen: str) -> bool:
    match = STATUS.search(screen)
    return match is not None and match.group(1) == "▶"


def test_plays_the_bundled_talk_as_a_person_would() -> None:
    track = load(TALK)
    argv = [*player_command(), "--audio", "auto", "--start", "0:08"]
    with tmux_session(argv, width=120, height=40) as term:
        try:
            screen = term.wait_for(
                lambda s: playing_status(s) and status(s)[1] >= 9,
                timeout=60,
                what="playback from 0:08",
            )
            # No sound card here: auto falls back to VLC's dummy output and says so.
            status_line = next(line for line in screen.splitlines() if STATUS.search(line))
            assert "no sound device" in status_line, f"fallback not said: {status_line!r}"
            assert "playing silently" in status_line, status_line
            log = term.state_dir / "caption-player" / "vlc.log"
            assert 'using audio output module "adummy"' in log.read_text(errors="replace")

            first = assert_current_cue_shown(screen, track)
            # Playing from the start (no key pressed): the footer offers Space for Pause.
            term.wait_for(lambda s: "Space Pause" in s, timeout=5, what="the footer's Pause")

            # The highlight moves on by itself (the cue at 0:08 ends at 0:10).
            screen = term.wait_for(
                lambda s: highlighted_start(s) not in (None, track.events[first].start / 1000),
                timeout=30,
                what="the highlight to advance",
            )
            later = assert_current_cue_shown(screen, track)
            assert later > first

            # Space pauses: the state shows it and the time stands still.
            term.send("Space")
            screen = term.wait_for(
                lambda s: status(s)[0] == "⏸" and "Space Play" in s,
                timeout=15,
                what="pause (and the footer offering Space for Play)",
            )
            held = status(screen)[1]
            time.sleep(1.5)
            screen = term.capture()
            assert status(screen) == ("⏸", held)
            assert_current_cue_shown(screen, track)

            # → seeks forward 5 s.
            term.send("Right")
            screen = term.wait_for(lambda s: status(s)[1] != held, timeout=15, what="the seek")
            jumped = status(screen)[1] - held
            assert 4.7 <= jumped <= 5.3, f"→ moved the time by {jumped:.1f} s"
            assert_current_cue_shown(screen, track)

            # Space again plays on from there.
            resumed_from = status(screen)[1]
            term.send("Space")
            screen = term.wait_for(
                lambda s: status(s)[0] == "▶" and status(s)[1] >= resumed_from + 1.0,
                timeout=20,
                what="playback to resume",
            )
            assert_current_cue_shown(screen, track)

            # q quits with status 0 and gives the terminal back.
            term.send("q")
            assert term.wait_exit(timeout=30) == 0
            modes = term.terminal_modes()
            assert modes["alternate_on"] == "0", modes
            assert modes["cursor_flag"] == "1", modes
            assert modes["mouse_any_flag"] == modes["mouse_button_flag"] == "0", modes
            after = term.capture()
            for app_text in ("/ 41:50", "^p palette", "╭"):
                assert app_text not in after, f"{app_text!r} still on screen after quit:\n{after}"
            term.capture(history=True)
        finally:
            term.capture(history=True)
            assert_no_noise(term)


def test_fits_an_80x24_terminal() -> None:
    with tmux_session([*player_command(), "--audio", "none"], width=80, height=24) as term:
        try:
            screen = term.wait_for(playing_status, timeout=60, what="playback")
            lines = screen.splitlines()
            assert len(lines) <= 24
            assert all(len(line) <= 80 for line in lines)
            status_row = [i for i, line in enumerate(lines) if STATUS.search(line)]
            assert status_row, screen
            assert "/ 41:50" in lines[status_row[0]], lines[status_row[0]]
            # The footer is the last row, under the status line, and shows keys.
            footer = lines[-1]
            assert status_row[0] == len(lines) - 2, screen
            assert "Space" in footer and "^p palette" in footer, footer
            assert highlighted_start(screen) is not None
            assert now_panel_text(screen)
            term.send("q")
            assert term.wait_exit(timeout=30) == 0
        finally:
            assert_no_noise(term)
