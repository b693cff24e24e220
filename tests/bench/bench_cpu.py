"""CPU cost of playback: our backend + follower next to a bare python-vlc script, and paused.

Two child processes play samples/talk.opus at the same time with the same audio output (adummy):

- app: `VlcBackend` + `CueFollower`, driven the way the UI drives them: an asyncio loop that
  polls the backend every 50 ms and sets one timer per cue boundary; after the playing window it
  pauses and keeps polling;
- bare: `vlc.Instance(["--aout=adummy", "--no-video", "--quiet"])` playing the file, sleeping.

CPU is read from /proc/PID/stat (utime + stime, all threads) over the same wall-clock window, after
a warm-up. Percent of one core.

Usage: .venv/bin/python tests/bench/bench_cpu.py [--seconds 15] [--paused-seconds 10]
Last line: {"app_cpu_pct": ..., "bare_vlc_cpu_pct": ..., "paused_cpu_pct": ...}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_TXT = ROOT / "samples" / "talk.txt"
WARMUP_S = 3.0
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


async def child_app(seconds: float) -> None:
    sys.path.insert(0, str(ROOT))
    from captions.formats import load
    from player.follower import CueFollower
    from player.vlc_backend import VlcBackend

    track = load(TALK_TXT)
    backend = VlcBackend(audio="none")
    backend.load(TALK)
    follower = CueFollower(track, backend.clock)
    backend.play()
    backend.seek(START_MS)
    shown: list[int | None] = [None]
    loop = asyncio.get_running_loop()
    timer: list[asyncio.TimerHandle | None] = [None]

    def on_timer() -> None:
        shown[0] = follower.current()
        schedule()

    def schedule() -> None:
        if timer[0] is not None:
            timer[0].cancel()
        delay = follower.delay_to_next_boundary_s()
        timer[0] = None if delay is None else loop.call_later(max(0.0, delay - 0.0005), on_timer)

    async def poller(until: float) -> None:
        while time.monotonic() < until:
            if backend.poll():
                schedule()
            await asyncio.sleep(0.05)

    end = time.monotonic() + seconds
    print("ready", flush=True)
    await poller(end - float(os.environ.get("BENCH_PAUSED_S", "0")))
    backend.pause()
    schedule()
    print("paused", flush=True)
    await poller(end)
    backend.close()


def run_parent(seconds: float, paused_seconds: float) -> dict[str, float]:
    env = {**os.environ, "BENCH_PAUSED_S": str(paused_seconds)}
    total = WARMUP_S + seconds + paused_seconds + 1.0
    cmd = [sys.executable, __file__, "--child"]
    app = subprocess.Popen([*cmd, "app", "--seconds", str(total)], stdout=subprocess.PIPE, env=env)
    bare = subprocess.Popen([*cmd, "bare", "--seconds", str(total)], stdout=subprocess.PIPE)
    assert app.stdout is not None and bare.stdout is not None
    for out in (app.stdout, bare.stdout):
        line = out.readline().decode().strip()
        if line != "ready":
            raise SystemExit(f"child did not start: {line!r}")
    time.sleep(WARMUP_S)
    a0, b0, t0 = cpu_seconds(app.pid), cpu_seconds(bare.pid), time.monotonic()
    time.sleep(seconds)
    a1, b1, t1 = cpu_seconds(app.pid), cpu_seconds(bare.pid), time.monotonic()
    line = app.stdout.readline().decode().strip()  # blocks until the app pauses
    if line != "paused":
        raise SystemExit(f"app child did not pause: {line!r}")
    time.sleep(0.5)
    p0, tp0 = cpu_seconds(app.pid), time.monotonic()
    time.sleep(max(1.0, paused_seconds - 1.5))
    p1, tp1 = cpu_seconds(app.pid), time.monotonic()
    for proc in (app, bare):
        proc.wait(timeout=30)
    wall = t1 - t0
    return {
        "app_cpu_pct": round(100 * (a1 - a0) / wall, 2),
        "bare_vlc_cpu_pct": round(100 * (b1 - b0) / wall, 2),
        "paused_cpu_pct": round(100 * (p1 - p0) / (tp1 - tp0), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="steady playing window")
    parser.add_argument("--paused-seconds", type=float, default=10.0, help="paused window")
    parser.add_argument("--child", choices=["app", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        child_bare(args.seconds)
    elif args.child == "app":
        asyncio.run(child_app(args.seconds))
    else:
        result = run_parent(args.seconds, args.paused_seconds)
        print(
            f"window {args.seconds:.0f} s playing, {args.paused_seconds:.0f} s paused; "
            "percent of one core",
            file=sys.stderr,
        )
        print(json.dumps(result))


if __name__ == "__main__":
    main()
