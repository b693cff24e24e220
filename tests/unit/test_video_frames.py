"""The latest-frame slot: at most 15 frames a second kept (the rest dropped, never queued),
each a copy; the fitting of the video into the pane; the no-picture note; the stream probe."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from player.playback.media_probe import video_stream_info
from player.playback.video_frames import LatestFrame, fit, missing_decoder_note
from tests.fake_frames import solid


class Clock:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


def test_thirty_frames_a_second_are_thinned_to_fifteen() -> None:
    clock = Clock()
    slot = LatestFrame(15.0, now=clock)
    picture = solid(8, 4, (1, 2, 3))
    kept = 0
    for _ in range(300):  # ten seconds at 30 fps
        kept += slot.publish(picture.ctypes.data, 8, 4)
        clock.t += 1 / 30
    assert slot.offered == 300
    assert kept == slot.seq
    assert 148 <= kept <= 152


def test_a_fifteen_fps_video_keeps_every_frame_despite_jitter() -> None:
    clock = Clock()
    slot = LatestFrame(15.0, now=clock)
    picture = solid(8, 4, (1, 2, 3))
    jitter = [0.0, 0.004, -0.004, 0.002, -0.003]
    kept = 0
    for i in range(150):
        clock.t = 50.0 + i / 15 + jitter[i % len(jitter)]
        kept += slot.publish(picture.ctypes.data, 8, 4)
    assert kept == 150


def test_only_the_latest_frame_is_kept_and_handed_out_as_a_copy() -> None:
    slot = LatestFrame()
    assert slot.latest(0) is None
    slot.put(solid(4, 2, (10, 0, 0)))
    slot.put(solid(4, 2, (20, 0, 0)))
    frame = slot.latest(0)
    assert frame is not None and frame.seq == 2
    assert frame.pixels[0, 0, 2] == 20  # red is the third byte of RV32
    assert slot.latest(frame.seq) is None  # nothing newer
    frame.pixels[:] = 0
    again = slot.latest(0)
    assert again is not None and again.pixels[0, 0, 2] == 20  # the slot was not touched


def test_fit_keeps_the_aspect_ratio_within_the_pane() -> None:
    assert fit((480, 270), (120, 80)) == (120, 68)
    assert fit((480, 270), (40, 80)) == (40, 22)
    assert fit((270, 480), (120, 80)) == (45, 80)
    assert fit((0, 0), (10, 10)) == (10, 10)
    assert fit((1000, 1), (3, 3)) == (3, 1)


def test_the_no_picture_note_names_the_codec_and_never_prints_raw_text() -> None:
    assert missing_decoder_note("snow") == ("no picture: no libVLC decoder for snow video")
    assert "\x1b" not in missing_decoder_note("evil\x1b[2J")
    assert "of this file" in missing_decoder_note("")


def test_the_stream_probe_reads_no_video_from_a_non_media_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    assert video_stream_info(junk) is None
    assert video_stream_info(tmp_path / "missing.mp4") is None
    assert video_stream_info(Path(__file__).parent.parent / "samples" / "talk.opus") is None
