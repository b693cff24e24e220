"""Real libVLC (--aout=adummy) decoding the sample video into the video callbacks: frames arrive,
at the pane's size with the video's aspect, at most 15 a second; hidden, no video is decoded; a
video codec libVLC lacks still plays the audio and says why there is no picture."""

from __future__ import annotations

import time

import numpy as np
import pytest

from player.playback.video_frames import Frame
from player.playback.vlc_backend import VlcBackend
from tests.video_samples import sample_video
from tests.vlc_waits import wait_for

pytestmark = pytest.mark.vlc


@pytest.fixture
def backend(terminal_backend: VlcBackend) -> VlcBackend:
    return terminal_backend


def latest(backend: VlcBackend, after: int = 0) -> Frame | None:
    assert backend.frames is not None
    return backend.frames.latest(after)


def test_frames_arrive_sized_to_the_pane(backend: VlcBackend) -> None:
    assert backend.frames is not None
    backend.frames.set_target(120, 80)  # a 120×40-cell pane
    info = backend.load(sample_video())
    assert info.has_video
    backend.play()
    wait_for(lambda: latest(backend) is not None, backend)
    frame = latest(backend)
    assert frame is not None
    # 480×270 fitted into 120×80 pixels keeps 16:9: 120×68 (rounded).
    assert (frame.width, frame.height) == (120, 68)
    # The picture is the test pattern: the first bar is grey, the caption band dark grey.
    blue, green, red = frame.pixels[5, 2, :3].astype(int)
    assert abs(red - 191) < 16 and abs(green - 191) < 16 and abs(blue - 191) < 16
    assert frame.pixels[-2, 60, :3].max() < 50


def test_frames_are_offered_at_most_fifteen_a_second_and_new_ones_keep_coming(
    backend: VlcBackend,
) -> None:
    assert backend.frames is not None
    backend.frames.set_target(80, 40)
    backend.load(sample_video())
    backend.play()
    wait_for(lambda: latest(backend) is not None, backend)
    first = latest(backend)
    assert first is not None
    started, media_start = time.monotonic(), backend.position_ms()
    wait_for(lambda: backend.position_ms() - media_start > 2000, backend)
    later = latest(backend, first.seq)
    assert later is not None, "no new frame in two seconds of playing"
    published = later.seq - first.seq
    elapsed = time.monotonic() - started
    assert published <= 15 * elapsed + 2
    assert not np.array_equal(first.pixels, later.pixels)  # the square moved


def test_hidden_no_video_is_decoded_and_shown_again_it_comes_back(backend: VlcBackend) -> None:
    frames = backend.frames
    assert frames is not None
    frames.set_target(80, 40)
    backend.load(sample_video())
    backend.play()
    wait_for(lambda: latest(backend) is not None, backend)
    frames.set_enabled(False)
    wait_for(lambda: frames.rendering_size == (0, 0), backend)  # libVLC closed its output
    seq = frames.frames.seq
    media_ms = backend.position_ms()
    wait_for(lambda: backend.position_ms() - media_ms > 1000, backend)
    assert frames.frames.seq == seq
    frames.set_enabled(True)
    wait_for(lambda: latest(backend, seq) is not None, backend)


def test_a_video_codec_libvlc_lacks_plays_the_audio_and_says_why(backend: VlcBackend) -> None:
    path = sample_video(seconds=10, codec="snow")
    assert backend.frames is not None
    info = backend.load(path)
    assert info.has_video and info.has_audio
    backend.play()
    wait_for(lambda: backend.clock.running, backend)
    wait_for(lambda: backend.video_note is not None, backend)
    assert backend.video_note is not None
    assert "no libVLC decoder for snow video" in backend.video_note
    assert backend.error is None
    assert backend.playing
    assert latest(backend) is None
    assert backend._player.get_time() > 1000  # libVLC itself is playing the audio on
