"""samples/make_sample_video.py: an MP4 with H.264 video and the talk's first minute of audio,
the test pattern changing with each cue, and a plain band where captions go."""

from __future__ import annotations

import av
import numpy as np

from tests.video_samples import generator, sample_video


def test_the_sample_has_the_talks_first_minute_and_a_picture() -> None:
    path = sample_video()
    assert path.suffix == ".mp4"
    assert path.stat().st_size < 2_000_000  # small: made on the fly, never committed
    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (480, 270)
        assert audio.codec_context.name == "opus"
        assert container.duration is not None
        assert abs(container.duration / av.time_base - 60) < 0.5
        frame = next(container.decode(video))
        rgb = frame.to_ndarray(format="rgb24")
    assert rgb[-10:, :, :].max() < 50  # the caption band is plain dark grey
    assert rgb[10, 5].min() > 150  # the first bar is light grey


def test_the_pattern_changes_with_the_cue_and_the_square_moves() -> None:
    make = generator()
    a = make.pattern(160, 90, 0.0, 0)
    assert not np.array_equal(a, make.pattern(160, 90, 0.5, 0))  # the square moved
    assert not np.array_equal(a[:5], make.pattern(160, 90, 0.0, 1)[:5])  # bars rotate per cue
    assert np.array_equal(a[-20:], make.pattern(160, 90, 0.7, 3)[-20:])  # the band never changes


def test_the_sample_is_cached() -> None:
    first = sample_video()
    mtime = first.stat().st_mtime_ns
    assert sample_video() == first
    assert first.stat().st_mtime_ns == mtime
