"""Real libVLC in tests: start a backend (or skip without libvlc), and wait on it by polling."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from player.playback.backend import BackendUnavailable
from player.playback.vlc_backend import VlcBackend

WAIT_S = 10.0  # generous bound for a loaded 2-core machine; not a speed claim


def started(backend: VlcBackend) -> VlcBackend:
    """`backend` started, or the test skipped when libvlc cannot start here."""
    try:
        backend.start()
    except BackendUnavailable as exc:
        pytest.skip(f"libvlc unavailable: {exc}")
    return backend


def wait_for(
    condition: Callable[[], object], backend: VlcBackend, limit: float = WAIT_S, step: float = 0.02
) -> None:
    """Poll `backend` until `condition()` holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for libVLC"
        backend.poll()
        time.sleep(step)
