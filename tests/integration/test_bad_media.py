"""Bad media: each case gives its own one-line MediaError from `load`, quickly, never a crash."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from player.playback.backend import BackendUnavailable, MediaError
from player.playback.media_probe import check_file
from player.playback.vlc_backend import VlcBackend

ROOT = Path(__file__).resolve().parents[2]


def make_missing(d: Path) -> Path:
    return d / "nope.opus"


def make_empty(d: Path) -> Path:
    p = d / "empty.opus"
    p.write_bytes(b"")
    return p


def make_random(d: Path) -> Path:
    p = d / "noise.opus"
    p.write_bytes(os.urandom(64 * 1024))
    return p


def make_directory(d: Path) -> Path:
    p = d / "folder.mp3"
    p.mkdir()
    return p


def make_text(d: Path) -> Path:
    p = d / "notes.mp3"
    p.write_text("this is a text file, not audio\n" * 100, encoding="utf-8")
    return p


def make_fake_ogg(d: Path) -> Path:
    """An Ogg capture pattern followed by garbage: looks like Ogg, is not."""
    p = d / "fake.ogg"
    p.write_bytes(b"OggS" + os.urandom(8 * 1024))
    return p


CASES: list[tuple[Callable[[Path], Path], str]] = [
    (make_missing, "no such file"),
    (make_empty, "is empty"),
    (make_random, "is not playable media (no audio track found)"),
    (make_directory, "is a directory"),
    (make_text, "is not playable media (no audio track found)"),
    (make_fake_ogg, "not playable media"),
]


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VlcBackend]:
    b = VlcBackend(audio="none", log_path=tmp_path_factory.mktemp("log") / "vlc.log")
    try:
        b.start()
    except BackendUnavailable as exc:
        pytest.skip(f"libvlc unavailable: {exc}")
    yield b
    b.close()


@pytest.mark.vlc
@pytest.mark.parametrize(("make", "expected"), CASES, ids=[c[0].__name__[5:] for c in CASES])
def test_bad_media_gives_its_message(
    backend: VlcBackend, tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(MediaError) as info:
        backend.load(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message
    # A hang guard, not a benchmark: the parse timeout is 2 s.
    assert time.monotonic() - started < 5
    assert not backend.playing


@pytest.mark.vlc
def test_good_media_still_loads_after_bad(backend: VlcBackend, tmp_path: Path) -> None:
    with pytest.raises(MediaError):
        backend.load(make_random(tmp_path))
    info = backend.load(ROOT / "samples" / "talk.opus")
    assert info.duration_ms > 2_000_000 and info.has_audio


def test_check_file_without_libvlc(tmp_path: Path) -> None:
    """The file checks that need no libvlc run before it is even created."""
    for make, expected in CASES[:2] + CASES[3:4]:
        with pytest.raises(MediaError, match=expected):
            check_file(make(tmp_path))
    check_file(make_random(tmp_path))  # only libvlc can tell this one
