"""Real libVLC (--aout=adummy), a Matroska sample: hiding the pane stops the video decoding
(libVLC closes its video output) while the audio plays on from where it was, and showing it
brings the frames back; paused, it resumes from the paused position. In Matroska the track is
not deselected (libVLC 3 re-reads the file from its start then): the input is opened again
with the decoder discarding every picture."""

from __future__ import annotations

import pytest

from player.playback.video_frames import VlcFrameSource
from player.playback.vlc_backend import VlcBackend
from tests.video_samples import sample_video
from tests.vlc_waits import wait_for

pytestmark = pytest.mark.vlc


@pytest.fixture
def backend(terminal_backend: VlcBackend) -> VlcBackend:
    return terminal_backend


def frames_of(backend: VlcBackend) -> VlcFrameSource:
    assert backend.frames is not None
    return backend.frames


def media_time(backend: VlcBackend) -> int:
    """libVLC's own time (ms) of the input playing now."""
    return int(backend._player.get_time())


def playing_at(backend: VlcBackend, ms: int) -> None:
    """Play and wait for frames and for libVLC's time past `ms`."""
    frames = frames_of(backend)
    backend.play()
    wait_for(lambda: frames.frames.seq > 0 and media_time(backend) > ms, backend)


def test_hidden_a_matroska_video_is_not_decoded_and_the_audio_plays_on(
    backend: VlcBackend,
) -> None:
    frames = frames_of(backend)
    frames.set_target(80, 40)
    backend.load(sample_video(seconds=20, matroska=True))
    assert not frames.can_deselect
    playing_at(backend, 2000)
    assert backend._player.has_vout()
    frames.set_enabled(False)
    hidden_at = backend.position_ms()
    wait_for(lambda: media_time(backend) > hidden_at + 1500, backend)
    seq = frames.frames.seq
    wait_for(lambda: media_time(backend) > hidden_at + 3000, backend)
    assert frames.frames.seq == seq
    assert frames.rendering_size == (0, 0)
    assert not backend._player.has_vout()  # no video output: nothing decoded for it
    assert backend.playing
    frames.set_enabled(True)
    shown_at = backend.position_ms()
    assert shown_at >= hidden_at + 3000  # the position was kept, not restarted
    wait_for(lambda: frames.frames.seq > seq, backend)
    assert backend._player.has_vout()
    wait_for(lambda: media_time(backend) > 0, backend)  # 0: the input has not reported yet
    assert media_time(backend) >= shown_at - 1000  # on from where it was shown, not the start


def test_hidden_while_paused_it_resumes_where_it_was_paused(backend: VlcBackend) -> None:
    frames = frames_of(backend)
    frames.set_target(80, 40)
    backend.load(sample_video(seconds=20, matroska=True))
    playing_at(backend, 3000)
    backend.pause()
    paused_at = backend.position_ms()
    frames.set_enabled(False)
    assert backend.position_ms() == paused_at
    assert not backend.playing
    backend.play()
    wait_for(lambda: backend.clock.running and media_time(backend) > paused_at, backend)
    assert media_time(backend) < paused_at + 3000  # from the pause, not from the start or end
    seq = frames.frames.seq
    wait_for(lambda: media_time(backend) > paused_at + 1500, backend)
    assert frames.frames.seq == seq
    assert not backend._player.has_vout()
