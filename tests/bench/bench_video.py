"""Terminal video: frames shown per second and CPU of the real caption-player at 120×40 in tmux,
playing the sample video (samples/make_sample_video.py, 15 fps), against the audio-only figure
measured in the same run.

Five runs of the same picture, audio and captions, one after the other, each in a private tmux
server:
- audio: `--video none` (libVLC decodes no video: the audio-only baseline);
- video: `--video terminal`, the pane shown (half blocks, up to 15 frames a second);
- hidden: `--video terminal`, the pane hidden with `v` after the warm-up;
- audio_mkv, hidden_mkv: the same two in Matroska, where hiding cannot deselect the video track
  (the input is opened again without video decoding: vlc_backend._reopen).

CPU is read from /proc/PID/stat (utime + stime, all threads) over the same window length, after a
warm-up; percent of one core. Frames: the app writes its pane's counters to the file named by
$CAPTION_PLAYER_STATS once a second (frames libVLC displayed, published to the pane, drawn);
the difference over the window, per second. The machine is shared: compare ratios.

Usage: .venv/bin/python tests/bench/bench_video.py [--seconds 20] [--picture 480x270]
Last line: {"video_fps_shown": ..., "video_cpu_pct": ..., "hidden_cpu_pct": ..., ...}
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.tmux_harness import player_command, python_pids, tmux_session  # noqa: E402
from tests.video_samples import generator  # noqa: E402

CAPTIONS = ROOT / "samples" / "talk.srt"
WARMUP_S = 4.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_stats(path: Path) -> dict[str, float]:
    deadline = time.monotonic() + 5
    while True:
        try:
            stats: dict[str, float] = json.loads(path.read_text())
            return stats
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                return {}
            time.sleep(0.1)


def run(mode: str, seconds: float, media: Path) -> dict[str, float]:
    """One run: `mode` is audio, video or hidden (with _mkv: on the Matroska sample)."""
    stats_file = Path(tempfile.mkdtemp(prefix="bench-video-")) / "stats.json"
    video = "none" if mode.startswith("audio") else "terminal"
    argv = [*player_command(), str(media), str(CAPTIONS), "--audio", "none", "--video", video]
    env = {"CAPTION_PLAYER_STATS": str(stats_file), "COLORTERM": "truecolor"}
    with tmux_session(argv, width=120, height=40, env=env) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        pids = python_pids(str(CAPTIONS))
        if len(pids) != 1:
            raise SystemExit(f"expected one caption-player process, found {pids}")
        pid = pids[0]
        if mode.startswith("hidden"):
            time.sleep(1.0)
            tmux.send("v")
        time.sleep(WARMUP_S)
        s0, c0, t0 = read_stats(stats_file), cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        s1, c1, t1 = read_stats(stats_file), cpu_seconds(pid), time.monotonic()
        tmux.send("q")
        tmux.wait_exit()
    wall = t1 - t0
    result = {"cpu_pct": round(100 * (c1 - c0) / wall, 1)}
    if s0 and s1:
        span = max(1e-9, s1["t"] - s0["t"])
        for key in ("displayed", "published", "shown"):
            result[f"{key}_per_s"] = round((s1[key] - s0[key]) / span, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window per run")
    parser.add_argument("--picture", default="480x270", help="the sample's picture size, WxH")
    args = parser.parse_args()
    width, height = (int(n) for n in args.picture.split("x"))
    samples = {
        container: generator().ensure_sample_video(
            seconds=60, width=width, height=height, matroska=container == "mkv"
        )
        for container in ("mp4", "mkv")
    }
    modes = ("audio", "video", "hidden", "audio_mkv", "hidden_mkv")
    results = {
        mode: run(mode, args.seconds, samples["mkv" if mode.endswith("_mkv") else "mp4"])
        for mode in modes
    }
    print(json.dumps(results, indent=1), file=sys.stderr)
    audio, video, hidden = results["audio"], results["video"], results["hidden"]
    audio_mkv, hidden_mkv = results["audio_mkv"], results["hidden_mkv"]
    summary = {
        "video_fps_shown": video.get("shown_per_s"),
        "video_fps_offered": video.get("published_per_s"),
        "video_cpu_pct": video["cpu_pct"],
        "audio_only_cpu_pct": audio["cpu_pct"],
        "hidden_cpu_pct": hidden["cpu_pct"],
        "hidden_fps_shown": hidden.get("shown_per_s"),
        "video_to_audio_cpu_ratio": round(video["cpu_pct"] / max(0.1, audio["cpu_pct"]), 2),
        "hidden_to_audio_cpu_ratio": round(hidden["cpu_pct"] / max(0.1, audio["cpu_pct"]), 2),
        "audio_only_mkv_cpu_pct": audio_mkv["cpu_pct"],
        "hidden_mkv_cpu_pct": hidden_mkv["cpu_pct"],
        "hidden_mkv_fps_shown": hidden_mkv.get("shown_per_s"),
        "hidden_mkv_to_audio_mkv_cpu_ratio": round(
            hidden_mkv["cpu_pct"] / max(0.1, audio_mkv["cpu_pct"]), 2
        ),
    }
    print(
        f"window {args.seconds:.0f} s per run at 120×40, picture {args.picture}; "
        "percent of one core",
        file=sys.stderr,
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
