"""VlcBackend against real libvlc (--aout=adummy) on the bundled talk, and what reaches fd 2."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from captions.formats import load
from captions.track import Track
from player.playback.audio_output import choose_audio
from player.playback.backend import BackendEvent, BackendUnavailable, EventKind
from player.playback.follower import CueFollower
from player.playback.media_probe import codec_offset_ms, opus_pre_skip
from player.playback.vlc_backend import VlcBackend, effective_rate

pytestmark = pytest.mark.vlc

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_TXT = ROOT / "samples" / "talk.txt"
NOISE = ("ALSA lib", "[0000", "main libvlc", "Traceback")


def pump(backend: VlcBackend, seconds: float) -> list[BackendEvent]:
    """Poll like the UI does (every 20 ms) for `seconds`."""
    events: list[BackendEvent] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        events.extend(backend.poll())
        time.sleep(0.02)
    return events


def pump_until(backend: VlcBackend, condition: object, timeout: float) -> list[BackendEvent]:
    events: list[BackendEvent] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end and not callable_true(condition):
        events.extend(backend.poll())
        time.sleep(0.02)
    return events


def callable_true(condition: object) -> bool:
    return bool(condition()) if callable(condition) else bool(condition)


@pytest.fixture(scope="module")
def track() -> Track:
    return load(TALK_TXT)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[VlcBackend]:
    b = VlcBackend(audio="none", log_path=tmp_path / "vlc.log")
    try:
        b.start()
    except BackendUnavailable as exc:
        pytest.skip(f"libvlc unavailable: {exc}")
    b.load(TALK)
    b.play()
    pump_until(b, lambda: b.clock.running, 3.0)
    assert b.clock.running, "libvlc never reported Playing"
    yield b
    b.close()


def cue_middle(track: Track, min_len: int = 3000) -> int:
    """A time 1 s into the first long cue after 5 minutes."""
    for e in track.events:
        if e.start > 300_000 and e.end - e.start >= min_len:
            return int(e.start) + 1000
    raise AssertionError("no long cue")


def test_load_reports_the_talk(tmp_path: Path) -> None:
    b = VlcBackend(audio="none", log_path=tmp_path / "vlc.log")
    try:
        info = b.load(TALK)
    except BackendUnavailable as exc:
        pytest.skip(f"libvlc unavailable: {exc}")
    try:
        assert info.has_audio and not info.has_video
        assert info.duration_ms == b.duration_ms
        # libvlc's length is short by the Opus offset; ours matches the file's last granule.
        data = TALK.read_bytes()
        last = data.rfind(b"OggS")
        granule = int.from_bytes(data[last + 6 : last + 14], "little")
        pre_skip = opus_pre_skip(data[:512])
        assert pre_skip is not None
        true_ms = (granule - pre_skip) / 48
        assert abs(info.duration_ms - true_ms) <= 2
        assert codec_offset_ms(TALK) == pytest.approx(80 - pre_skip / 48)
    finally:
        b.close()


def test_seek_lands_on_the_cue_containing_the_target(backend: VlcBackend, track: Track) -> None:
    target = cue_middle(track)
    before = time.monotonic()
    backend.seek(target)
    pos = backend.position_ms()
    # At once at the target; the clock runs on while playing, so allow the time that passed
    # between the seek and the read (a busy machine made it 1 ms).
    elapsed_ms = (time.monotonic() - before) * 1000
    assert target <= pos <= target + elapsed_ms + 1
    events = pump(backend, 1.2)
    assert any(e.kind is EventKind.TIME for e in events), "libvlc sent no time after the seek"
    pos = backend.position_ms()
    assert target + 1000 <= pos <= target + 1400
    follower = CueFollower(track, backend.clock)
    expected = track.cue_at(target)
    assert expected is not None and follower.current() == expected


def test_position_advances_in_real_time_and_matches_libvlc(backend: VlcBackend) -> None:
    """Our clock's line passes within 15 ms of every libvlc update (after the first two), and
    advances at 1.000x wall time."""
    t0, p0 = time.monotonic(), backend.position_ms()
    errors: list[float] = []
    updates: list[tuple[float, float]] = []
    end = time.monotonic() + 4.0
    while time.monotonic() < end:
        for e in backend.poll():
            if e.kind is EventKind.TIME and e.media_ms is not None:
                updates.append((e.at, e.media_ms))
        time.sleep(0.02)
    t1, p1 = time.monotonic(), backend.position_ms()
    assert abs((p1 - p0) - (t1 - t0) * 1000) < 40
    assert len(updates) >= 4
    t = np.array([u[0] for u in updates])
    v = np.array([u[1] for u in updates])
    slope = np.polyfit(t - t[0], v, 1)[0]
    assert slope == pytest.approx(1000, rel=0.01)
    for at, media_ms in updates[2:]:
        errors.append(abs(backend.clock.line_at(at) - media_ms))
    assert max(errors) < 15


def test_pause_holds_and_play_resumes(backend: VlcBackend) -> None:
    pump(backend, 0.5)
    backend.pause()
    held = backend.position_ms()
    events = pump(backend, 1.0)
    assert backend.position_ms() == held
    assert not backend.playing
    assert any(e.kind is EventKind.PAUSED for e in events)
    libvlc_time = backend._player.get_time()
    pump(backend, 0.5)
    assert backend._player.get_time() == libvlc_time  # libvlc really paused
    backend.play()
    events = pump(backend, 1.5)
    assert any(e.kind is EventKind.PLAYING for e in events)
    assert held + 1000 <= backend.position_ms() <= held + 1600


def test_rate_one_and_a_half_runs_faster(backend: VlcBackend) -> None:
    backend.set_rate(1.5)
    pump(backend, 0.5)
    updates: list[tuple[float, float]] = []
    p0, t0 = backend.position_ms(), time.monotonic()
    for e in pump(backend, 3.0):
        if e.kind is EventKind.TIME and e.media_ms is not None:
            updates.append((e.at, e.media_ms))
    p1, t1 = backend.position_ms(), time.monotonic()
    assert (p1 - p0) / ((t1 - t0) * 1000) == pytest.approx(1.5, abs=0.05)
    assert len(updates) >= 3
    slope = np.polyfit([u[0] for u in updates], [u[1] for u in updates], 1)[0]
    assert slope / 1000 == pytest.approx(effective_rate(1.5), abs=0.02)  # libvlc agrees


def test_end_is_reported_and_play_after_end_restarts(backend: VlcBackend) -> None:
    backend.seek(backend.duration_ms - 1500)
    events = pump_until(backend, lambda: backend.ended, 5.0)
    assert backend.ended and not backend.playing
    assert any(e.kind is EventKind.ENDED for e in events)
    pump_until(backend, lambda: not backend.clock.running, 3.0)
    assert backend.position_ms() == backend.duration_ms
    backend.play()
    events = pump(backend, 1.5)
    assert not backend.ended and backend.playing
    assert any(e.kind is EventKind.TIME for e in events), "libvlc did not play again"
    assert 500 <= backend.position_ms() <= 2500


def test_seek_after_end_plays_from_there(backend: VlcBackend) -> None:
    backend.seek(backend.duration_ms - 1000)
    pump_until(backend, lambda: backend.ended, 5.0)
    assert backend.ended
    backend.seek(120_000)
    assert not backend.ended and backend.position_ms() == 120_000
    backend.play()
    events = pump(backend, 1.5)
    times = [e.media_ms for e in events if e.kind is EventKind.TIME]
    assert times and all(120_000 <= t <= 122_000 for t in times if t is not None)


def test_auto_audio_falls_back_without_a_device() -> None:
    from player.playback.audio_output import alsa_card_present, pulse_reachable

    if pulse_reachable() or alsa_card_present():
        pytest.skip("this machine has a sound device")
    args, name, reason = choose_audio("auto")
    assert args == ["--aout=adummy"] and name == "none (adummy)"
    assert reason and "no sound device" in reason
    assert choose_audio("pulse")[:2] == (["--aout=adummy"], "none (adummy)")
    assert choose_audio("jack")[:2] == (["--aout=jack"], "jack")  # libVLC's to try
    assert choose_audio("none")[2] is None


def test_effective_rate_is_what_libvlc_3_stores() -> None:
    assert effective_rate(1.5) == pytest.approx(1000 / 666)
    assert effective_rate(1.0) == 1.0
    assert effective_rate(0.5) == 0.5
    assert effective_rate(1.1) == pytest.approx(1000 / 909)


def run_child(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("audio", ["auto", "alsa"])
def test_nothing_reaches_fd2_while_playing(tmp_path: Path, audio: str) -> None:
    """A child process plays 2 s through the backend with fd 2 captured: not one byte. With
    "alsa" on a machine without a card, ALSA is really tried (and fails) the whole time."""
    log = tmp_path / "vlc.log"
    result = run_child(
        f"""
        import time
        from pathlib import Path
        from player.playback.vlc_backend import VlcBackend
        b = VlcBackend(audio={audio!r}, log_path=Path({str(log)!r}))
        b.load(Path({str(TALK)!r}))
        b.play()
        end = time.monotonic() + 2
        while time.monotonic() < end:
            b.poll(); time.sleep(0.05)
        b.seek(600000); time.sleep(0.5); b.poll()
        print("played", b.position_ms(), b.audio_output)
        b.close()
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "played" in result.stdout
    for marker in NOISE:
        assert marker not in result.stderr
    assert result.stderr == ""
    assert log.stat().st_size > 0  # libvlc's messages went to the log instead


def test_detach_stderr_sends_c_writes_to_the_log(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    result = run_child(
        f"""
        import os, sys
        from pathlib import Path
        from player.playback.vlc_log import detach_stderr
        d = detach_stderr(Path({str(log)!r}))
        assert d is not None
        os.write(2, b"ALSA lib pcm.c: noise from C\\n")
        sys.__stderr__.write("ui frame\\n"); sys.__stderr__.flush()
        print("python error line", file=sys.stderr)
        d.restore()
        os.write(2, b"restored\\n")
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "ui frame\npython error line\nrestored\n"
    assert log.read_text(encoding="utf-8") == "ALSA lib pcm.c: noise from C\n"


def test_missing_libvlc_gives_the_install_command(tmp_path: Path) -> None:
    """python-vlc pointed at a library that is not libvlc behaves as with libvlc absent."""
    libc = next(
        (p for p in ("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/libc.so.6") if Path(p).exists()),
        None,
    )
    if libc is None:
        pytest.skip("no libc.so.6 at a known path")
    script = tmp_path / "child.py"
    script.write_text(
        "from player.playback.vlc_backend import VlcBackend\n"
        "from player.playback.backend import BackendUnavailable\n"
        "try:\n    VlcBackend(audio='none').start()\n"
        "except BackendUnavailable as exc:\n    print(exc)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PYTHON_VLC_LIB_PATH": libc},
    )
    assert "sudo apt-get install -y libvlc5 vlc-plugin-base" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_audio_output_libvlc_lacks_plays_silently_and_says_so(tmp_path: Path) -> None:
    backend = VlcBackend(audio="bogus", log_path=tmp_path / "vlc.log")
    try:
        backend.start()
    except BackendUnavailable as exc:
        pytest.skip(f"libvlc unavailable: {exc}")
    try:
        assert backend.audio_output == "none (adummy)"
        reason = backend.fallback_reason
        assert reason is not None and reason.startswith("--audio bogus: libVLC has no such output")
    finally:
        backend.close()
