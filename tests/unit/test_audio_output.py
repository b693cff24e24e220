"""`--audio pulse` or `--audio alsa` where there is no such device plays silently and says so
(the status showed `audio: alsa` while libVLC had failed to open it), as `auto` does."""

from __future__ import annotations

import pytest

from player.playback import audio_output
from player.playback.audio_output import choose_audio, unknown_output


@pytest.fixture
def no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio_output, "pulse_reachable", lambda: False)
    monkeypatch.setattr(audio_output, "alsa_card_present", lambda: False)
    monkeypatch.setattr(audio_output, "pulse_configured", lambda: False)
    monkeypatch.setattr(audio_output, "alsa_configured", lambda: False)


@pytest.mark.parametrize(("asked", "why"), [("pulse", "no PulseAudio"), ("alsa", "no sound card")])
def test_an_output_that_is_not_there_plays_silently_and_says_why(
    no_devices: None, asked: str, why: str
) -> None:
    args, name, reason = choose_audio(asked)
    assert args == ["--aout=adummy"] and name == "none (adummy)"
    assert reason is not None and reason.startswith(f"--audio {asked}: {why}")


def test_an_output_that_is_there_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio_output, "pulse_reachable", lambda: True)
    monkeypatch.setattr(audio_output, "alsa_card_present", lambda: True)
    assert choose_audio("pulse") == (["--aout=pulse"], "pulse", None)
    assert choose_audio("alsa") == (["--aout=alsa"], "alsa", None)


def test_a_configuration_that_may_make_a_device_is_left_to_libvlc(
    no_devices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~/.asoundrc may route `default` to pipewire with no card: the user's choice is tried.
    monkeypatch.setattr(audio_output, "alsa_configured", lambda: True)
    assert choose_audio("alsa") == (["--aout=alsa"], "alsa", None)


def test_a_name_libvlc_lacks_is_said_and_a_known_one_is_not() -> None:
    names = ["pulse", "alsa", "adummy"]
    reason = unknown_output(["--aout=bogus"], names)
    assert reason == "--audio bogus: libVLC has no such output (it has pulse, alsa, adummy): silent"
    assert unknown_output(["--aout=alsa"], names) is None
    assert unknown_output(["--aout=bogus"], []) is None  # libVLC's list unknown: left to it
