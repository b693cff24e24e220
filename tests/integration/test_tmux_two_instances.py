"""Two caption-players on one caption file in real terminals (tmux), sharing a state folder:
the second says the file is open in the first (by pid), journals on its own, and its
"Discard" leaves the first one's journal, whose edits the first then saves."""

from __future__ import annotations

import json
import time
from pathlib import Path

from captions.formats import load
from tests.tmux_harness import ROOT, TmuxSession, player_command, python_pids, tmux_session

TALK_SRT = ROOT / "samples" / "talk.srt"
TALK = ROOT / "samples" / "talk.opus"


def journals(state: Path) -> dict[str, int]:
    """Every journal in the state folder: file name -> the offset it holds."""
    found = {}
    for path in (state / "caption-player" / "recovery").glob("*.json"):
        found[path.name] = int(json.loads(path.read_bytes())["offset_ms"])
    return found


def wait_for_journal(state: Path, offset_ms: int, timeout: float = 30.0) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while offset_ms not in journals(state).values():
        assert time.monotonic() < deadline, f"no journal with offset {offset_ms}: {journals(state)}"
        time.sleep(0.05)
    return journals(state)


def test_second_instance_says_so_and_never_touches_the_first_ones_journal(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "talk.srt"
    copy.write_bytes(TALK_SRT.read_bytes())
    state = tmp_path / "state"
    argv = [*player_command(), str(TALK), str(copy), "--audio", "none", "--paused"]
    with tmux_session(argv, state_dir=state) as first:
        first.wait_for("audio: none", timeout=60, what="the first player ready")
        for _ in range(3):
            first.send("x")
        first.wait_for("offset +0.300 s", what="the first player's edits")
        (pid,) = python_pids(str(copy))
        before = wait_for_journal(state, 300)
        second: TmuxSession
        with tmux_session(argv, state_dir=state, width=160) as second:
            second.wait_for("audio: none", timeout=60, what="the second player ready")
            second.wait_for(f"(pid {pid})", what="the second player naming the first")
            assert "Recover unsaved edits?" not in second.capture()  # the live one's: not offered
            second.send("z")
            second.wait_for("offset -0.100 s", what="the second player's edit")
            during = wait_for_journal(state, -100)
            assert before.items() <= during.items()  # the first one's journal, untouched
            second.send("q")
            second.wait_for("Unsaved changes", what="the quit prompt")
            second.send("BTab", "Enter")  # from Save to Discard
            assert second.wait_exit() == 0
        assert journals(state) == before  # its Discard removed its own journal only
        first.send("C-s")
        first.wait_for("Saved talk.srt", what="the first player's save")
        first.send("q")
        assert first.wait_exit() == 0
    expected = [(e.start + 300, e.end + 300) for e in load(TALK_SRT).events]
    assert [(e.start, e.end) for e in load(copy).events] == expected
    assert journals(state) == {}
