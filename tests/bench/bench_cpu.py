"""CPU cost of playback: the real caption-player (libvlc included) next to a bare python-vlc
script playing the same file with the same audio output, side by side; then the app paused.

- app: `caption-player samples/talk.opus samples/talk.txt --audio none` running in a private
  tmux server (a real terminal: Textual renders every highlight, word mark and status update);
- bare: `vlc.Instance(["--aout=adummy", "--no-video", "--quiet"])` playing the file, sleeping.

CPU is read from /proc/PID/stat (utime + stime, all threads) over the same wall-clock window,
after a warm-up. Percent of one core. The machine is shared: compare the two, not the seconds.

Usage: .venv/bin/python tests/bench/bench_cpu.py [--seconds 30] [--paused-seconds 10]
Last line: {"app_cpu_pct": ..., "bare_vlc_cpu_pct": ..., "paused_cpu_pct": ...}
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.tmux_harness import player_command, python_pids, tmux_session  # noqa: E402

TALK = ROOT / "samples" / "talk.opus"
TALK_TXT = ROOT / "samples" / "talk.txt"
WARMUP_S = 3.0
START = "6:10"
START_MS = 370_000


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def child_bare(seconds: float) -> None:
    import vlc

    instance = vlc.Instance(["--aout=adummy", "--no-video", "--quiet"])
    player = instance.media_player_new()
    player.set_media(instance.media_new_path(str(TALK)))
    player.play()
    time.sleep(0.3)
    player.set_time(START_MS)
    print("ready", flush=True)
    time.sleep(seconds)
    player.stop()


def run_parent(seconds: float, paused_seconds: float, no_strip: bool) -> dict[str, float]:
    total = WARMUP_S + seconds + 2.0
    bare = subprocess.Popen(
        [sys.executable, __file__, "--child", "--seconds", str(total)], stdout=subprocess.PIPE
    )
    argv = [*player_command(), str(TALK), str(TALK_TXT), "--audio", "none", "--start", START]
    with tmux_session(argv, width=120, height=40) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        # Steady state: the audio strip drawn (▲, its playhead) and its envelope analysed (the
        # analysis runs once per media file, then the cache reopens it; not measured here).
        if not no_strip:
            tmux.wait_for(
                lambda s: "▲" in s and "analysing" not in s, timeout=180, what="the audio strip"
            )
        assert bare.stdout is not None
        if bare.stdout.readline().decode().strip() != "ready":
            raise SystemExit("bare python-vlc child did not start")
        pids = python_pids(str(TALK_TXT))
        if len(pids) != 1:
            raise SystemExit(f"expected one caption-player process, found {pids}")
        pid = pids[0]
        time.sleep(WARMUP_S)
        a0, b0, t0 = cpu_seconds(pid), cpu_seconds(bare.pid), time.monotonic()
        time.sleep(seconds)
        a1, b1, t1 = cpu_seconds(pid), cpu_seconds(bare.pid), time.monotonic()
        tmux.send("Space")
        tmux.wait_for("⏸", what="the paused state")
        time.sleep(1.0)
        p0, tp0 = cpu_seconds(pid), time.monotonic()
        time.sleep(paused_seconds)
        p1, tp1 = cpu_seconds(pid), time.monotonic()
        tmux.send("q")
        tmux.wait_exit()
    bare.wait(timeout=30)
    wall = t1 - t0
    return {
        "app_cpu_pct": round(100 * (a1 - a0) / wall, 2),
        "bare_vlc_cpu_pct": round(100 * (b1 - b0) / wall, 2),
        "paused_cpu_pct": round(100 * (p1 - p0) / (tp1 - tp0), 2),
        "app_to_bare_ratio": round((a1 - a0) / max(1e-9, b1 - b0), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="steady playing window")
    parser.add_argument("--paused-seconds", type=float, default=10.0, help="paused window")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-strip", action="store_true", help="do not wait for the audio strip (older apps)"
    )
    args = parser.parse_args()
    if args.child:
        child_bare(args.seconds)
        return
    result = run_parent(args.seconds, args.paused_seconds, args.no_strip)
    print(
        f"window {args.seconds:.0f} s playing, {args.paused_seconds:.0f} s paused; "
        "percent of one core",
        file=sys.stderr,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
