"""With a display (Xvfb here), libVLC shows the video in its own window and draws the captions
as they are in the editor: a screenshot (PyAV's x11grab) shows caption text in the caption band
only while a cue is on, and an edit handed over through `WindowCaptions` changes what is drawn."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from captions.formats import parse
from captions.history import set_text
from player.playback.vlc_backend import VlcBackend
from player.playback.window_captions import WindowCaptions
from tests.video_samples import sample_video
from tests.vlc_waits import started, wait_for

pytestmark = pytest.mark.vlc

SCREEN = (640, 400)
#: The sample's caption band in the window (480×270 at the top left: its bottom quarter).
BAND = (slice(210, 265), slice(0, 480))
WAIT_S = 15.0  # generous bound for a loaded 2-core machine; not a speed claim

CUE_LATER = "1\n00:00:03,000 --> 00:00:40,000\nHELLO CAPTION WINDOW\n"


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    name = f":{number}"
    server = subprocess.Popen(
        [xvfb, name, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + WAIT_S
    while not socket.exists():
        assert server.poll() is None, "Xvfb exited"
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    monkeypatch.setenv("DISPLAY", name)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield name
    server.terminate()
    server.wait(timeout=10)


def screenshot(display: str) -> npt.NDArray[np.uint8]:
    options = {"video_size": f"{SCREEN[0]}x{SCREEN[1]}"}
    with av.open(display, format="x11grab", options=options) as grab:
        frame = next(grab.decode(video=0))
        rgb: npt.NDArray[np.uint8] = frame.to_ndarray(format="rgb24")
        return rgb


def text_pixels(shot: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """White pixels in the caption band (the band itself is dark grey)."""
    mask: npt.NDArray[np.bool_] = shot[BAND].min(axis=2) > 150
    return mask


@pytest.fixture
def backend(display: str, tmp_path: Path) -> Iterator[VlcBackend]:
    b = started(VlcBackend(audio="none", video=True, log_path=tmp_path / "vlc.log"))
    assert b.shows_window
    yield b
    b.close()


def test_the_window_shows_the_captions_at_their_time_and_follows_edits(
    backend: VlcBackend, display: str
) -> None:
    track = parse(CUE_LATER, "srt")
    captions = WindowCaptions(backend.show_subtitles)
    backend.load(sample_video())
    backend.play()
    captions.flush(track)
    # The picture is there (the test pattern's grey first bar) and, before 3 s, no caption.
    wait_for(lambda: screenshot(display)[10, 5].min() > 150, backend, WAIT_S)
    # A busy machine may show the first picture late, past the gap: start again from 0 (at
    # most three times) rather than fail on how fast the machine is.
    tries = 0
    while not (backend.position_ms() < 2500 and text_pixels(screenshot(display)).sum() == 0):
        tries += 1
        if tries > 3:
            pytest.fail("never saw the picture before the cue's time (3 tries)")
        backend.seek(0)
        wait_for(lambda: 300 < backend.position_ms() < 2500, backend, WAIT_S)
    assert text_pixels(screenshot(display)).sum() == 0
    # From 3 s the cue's text is drawn in the band.
    wait_for(lambda: backend.position_ms() > 3300, backend, WAIT_S)
    wait_for(lambda: text_pixels(screenshot(display)).sum() > 200, backend, WAIT_S)
    first = text_pixels(screenshot(display))

    # An edit of the text: the window's caption changes.
    track.subs.events = set_text(track.events, 0, "A MUCH LONGER CAPTION AFTER THE EDIT")
    track.changed()
    captions.changed()
    wait_for(captions.due, backend, WAIT_S)
    captions.flush(track)
    wait_for(lambda: text_pixels(screenshot(display)).sum() > first.sum() * 1.3, backend, WAIT_S)
    assert not np.array_equal(text_pixels(screenshot(display)), first)

    # An edit of the timing (the cue moved past now): the caption goes away.
    track.events[0].start, track.events[0].end = 50_000, 55_000
    track.changed()
    captions.changed()
    wait_for(captions.due, backend, WAIT_S)
    captions.flush(track)
    wait_for(lambda: text_pixels(screenshot(display)).sum() == 0, backend, WAIT_S)
    assert backend.position_ms() < 40_000
    captions.close()


def test_window_captions_write_the_current_track_and_keep_only_recent_files(
    tmp_path: Path,
) -> None:
    shown: list[Path] = []
    now = [100.0]
    captions = WindowCaptions(shown.append, debounce_s=0.3, now=lambda: now[0])
    track = parse(CUE_LATER, "srt")
    assert not captions.due()
    captions.changed()
    now[0] += 0.2
    assert not captions.due()
    captions.changed()  # another edit restarts the wait
    now[0] += 0.2
    assert not captions.due()
    now[0] += 0.2
    assert captions.due()
    for text in ("one", "two", "three"):
        track.subs.events = set_text(track.events, 0, text)
        captions.flush(track)
    assert not captions.due()
    assert [p.suffix for p in shown] == [".srt"] * 3
    assert not shown[0].exists()  # older files are deleted; the last two may still be opening
    assert "three" in shown[2].read_text(encoding="utf-8")
    ass = parse(
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\n"
        "Style: Default,Arial,20\n\n[Events]\nFormat: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,{\\i1}styled{\\i0}\n",
        "ass",
    )
    path = captions.flush(ass)
    assert path.suffix == ".ass" and "{\\i1}styled" in path.read_text(encoding="utf-8")
    folder = path.parent
    captions.close()
    assert not folder.exists()
