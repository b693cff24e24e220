#!/usr/bin/env python3
"""Make a short sample video on the fly: a test pattern over the first minute of samples/talk.opus.

The picture (PyAV encodes it, H.264 by default) is a test pattern: colour bars whose order
rotates with each caption cue of samples/talk.txt (so a frame tells which cue is playing), a white
square crossing the picture once a second (so consecutive frames differ), and a plain dark band
across the bottom quarter where players draw captions (so a test can tell captions from the
picture). The audio is the talk's Opus packets copied as they are (no re-encoding).

Nothing large is committed: tests call `ensure_sample_video()`, which makes the file once into a
cache folder (keyed by every parameter and this script's text) and reuses it afterwards.

Usage: .venv/bin/python samples/make_sample_video.py OUT.mp4|OUT.mkv [--seconds 60] [--codec h264]
       [--width 480 --height 270 --fps 15]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

HERE = Path(__file__).resolve().parent
TALK_AUDIO = HERE / "talk.opus"
TALK_TEXT = HERE / "talk.txt"

#: Colour bars, 75 % SMPTE order (RGB).
BARS = np.array(
    [
        (191, 191, 191),
        (191, 191, 0),
        (0, 191, 191),
        (0, 191, 0),
        (191, 0, 191),
        (191, 0, 0),
        (0, 0, 191),
    ],
    dtype=np.uint8,
)
#: The caption band's colour (RGB): dark grey, never used by the bars.
BAND = (24, 24, 24)
#: Fraction of the height, from the bottom, kept plain for captions.
BAND_FRACTION = 0.25
#: Pixel formats for encoders that do not take yuv420p.
PIXEL_FORMATS = {"ffv1": "yuv420p", "snow": "yuv420p", "cinepak": "rgb24", "qoi": "rgb24"}


def cue_starts_ms(seconds: float) -> list[int]:
    """Start times of the talk's cues within the first `seconds` (from talk.txt)."""
    sys.path.insert(0, str(HERE.parent))
    from captions.formats import load

    track = load(TALK_TEXT)
    return [int(event.start) for event in track.events if event.start < seconds * 1000]


def pattern(width: int, height: int, t: float, cue_index: int) -> npt.NDArray[np.uint8]:
    """The test pattern at time `t` seconds during cue number `cue_index` (RGB, height x width)."""
    frame = np.empty((height, width, 3), dtype=np.uint8)
    band_top = height - int(height * BAND_FRACTION)
    bars = np.roll(BARS, cue_index, axis=0)
    columns = (np.arange(width) * len(bars)) // width
    frame[:band_top] = bars[columns][np.newaxis, :, :]
    frame[band_top:] = BAND
    side = max(4, band_top // 4)
    x = int((t % 1.0) * (width - side))
    y = (band_top - side) // 2
    frame[y : y + side, x : x + side] = 255
    return frame


def make_sample_video(
    out: Path,
    *,
    seconds: float = 60.0,
    codec: str = "h264",
    width: int = 480,
    height: int = 270,
    fps: int = 15,
    audio: Path = TALK_AUDIO,
) -> dict[str, object]:
    """Write the sample to `out` (MP4 if it ends in .mp4, else Matroska); returns a summary."""
    starts = cue_starts_ms(seconds)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    frames = int(seconds * fps)
    # MP4 where it can hold the codec (libVLC 3 seeks on a Matroska track change: see
    # player/video_frames.py), Matroska for the rest.
    container = "mp4" if out.suffix == ".mp4" else "matroska"
    with av.open(str(audio)) as source, av.open(str(partial), "w", format=container) as sink:
        audio_in = source.streams.audio[0]
        audio_out = sink.add_stream_from_template(audio_in)
        video = sink.add_stream("libx264" if codec == "h264" else codec, rate=fps)
        video.width, video.height = width, height
        video.pix_fmt = PIXEL_FORMATS.get(codec, "yuv420p")
        video.codec_context.sample_aspect_ratio = Fraction(1, 1)
        video.codec_context.gop_size = fps  # a key frame each second: quick to start mid-file
        if codec == "h264":
            video.options = {"preset": "ultrafast", "tune": "stillimage"}
        cue = 0
        for index in range(frames):
            t = index / fps
            while cue + 1 < len(starts) and starts[cue + 1] <= t * 1000:
                cue += 1
            picture = av.VideoFrame.from_ndarray(pattern(width, height, t, cue), format="rgb24")
            picture = picture.reformat(format=video.pix_fmt)
            picture.pts = index
            picture.time_base = Fraction(1, fps)
            for packet in video.encode(picture):
                sink.mux(packet)
        for packet in video.encode(None):
            sink.mux(packet)
        assert audio_in.time_base is not None
        limit = int(seconds / audio_in.time_base)
        for packet in source.demux(audio_in):
            if packet.pts is None or packet.dts is None:
                continue
            if packet.pts >= limit:
                break
            packet.stream = audio_out
            sink.mux(packet)
    os.replace(partial, out)
    return {
        "out": str(out),
        "seconds": seconds,
        "codec": codec,
        "size": [width, height],
        "fps": fps,
        "cues": len(starts),
        "bytes": out.stat().st_size,
    }


def cache_dir() -> Path:
    """Where made samples are kept between runs ($CAPTION_PLAYER_SAMPLE_CACHE or a temp folder)."""
    base = os.environ.get("CAPTION_PLAYER_SAMPLE_CACHE")
    return Path(base) if base else Path(tempfile.gettempdir()) / "caption-player-samples"


def ensure_sample_video(
    *,
    seconds: float = 60.0,
    codec: str = "h264",
    width: int = 480,
    height: int = 270,
    fps: int = 15,
    matroska: bool = False,
) -> Path:
    """The sample with these parameters, made once into `cache_dir()` and reused afterwards
    (MP4 for H.264 unless `matroska`, else Matroska)."""
    key = json.dumps([seconds, codec, width, height, fps, av.__version__]).encode()
    key += Path(__file__).read_bytes()
    suffix = ".mp4" if codec == "h264" and not matroska else ".mkv"
    name = f"sample-{codec}-{hashlib.sha256(key).hexdigest()[:12]}{suffix}"
    out = cache_dir() / name
    if not out.exists():
        make_sample_video(out, seconds=seconds, codec=codec, width=width, height=height, fps=fps)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the video to write (.mp4, or .mkv for Matroska)")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="length, from the talk's start (60)"
    )
    parser.add_argument(
        "--codec",
        default="h264",
        help="video codec: h264 (default), or snow, which libVLC cannot decode",
    )
    parser.add_argument("--width", type=int, default=480, help="picture width (480)")
    parser.add_argument("--height", type=int, default=270, help="picture height (270)")
    parser.add_argument("--fps", type=int, default=15, help="frames a second (15)")
    args = parser.parse_args(argv)
    summary = make_sample_video(
        args.out,
        seconds=args.seconds,
        codec=args.codec,
        width=args.width,
        height=args.height,
        fps=args.fps,
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
