"""The audio of a Matroska file decodes whole: its frames' timestamps (Opus in Matroska, 1 ms
ticks) are not contiguous to the sample, which PyAV's AudioFifo refused ("Frame.pts (14) !=
expected (13)"), so the audio strip and auto-sync failed on every .mkv."""

from __future__ import annotations

from captions.sync.audio import RATE, decode_pcm
from tests.video_samples import sample_video


def test_the_audio_of_a_matroska_sample_decodes_whole() -> None:
    path = sample_video(seconds=8.0, matroska=True)
    assert path.suffix == ".mkv"
    samples = sum(len(block) for block in decode_pcm(path))
    assert abs(samples - 8 * RATE) <= RATE // 10
