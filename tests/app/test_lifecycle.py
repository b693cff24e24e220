"""The shipped app's lifecycle runs once: each mount and unmount handler of the player's App
and screen classes is called once, the backend is created once and closed once.

Textual calls `on_mount`/`on_unmount` of every class in the MRO (textual#4112); with the old
five-level App tower plus a `super().on_mount()` call, PlaybackApp's ran twice."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from player.app import make_app
from player.editing.journal import Journal
from player.settings import Settings
from tests.app_harness import SMALL_SRT
from tests.fakes import FakeBackend, FakeTime

HANDLERS = ("on_mount", "on_unmount", "_on_mount", "_on_unmount")


def count_handlers(
    monkeypatch: pytest.MonkeyPatch, classes: list[type], calls: Counter[str]
) -> None:
    """Wrap every lifecycle handler the player's own classes define, counting its calls."""
    for cls in classes:
        if not cls.__module__.startswith("player."):
            continue
        for name in HANDLERS:
            original = cls.__dict__.get(name)
            if original is None:
                continue
            monkeypatch.setattr(cls, name, counting(original, f"{cls.__name__}.{name}", calls))


def counting(handler: Callable[..., Any], label: str, calls: Counter[str]) -> Callable[..., Any]:
    """`handler`, counting its calls (same signature: Textual passes arguments by it)."""

    @functools.wraps(handler)
    def wrapper(*args: Any) -> Any:
        calls[label] += 1
        return handler(*args)

    return wrapper


async def test_mount_and_unmount_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    captions = tmp_path / "talk.srt"
    captions.write_text(SMALL_SRT, encoding="utf-8")
    backend = FakeBackend(15_000, FakeTime())
    created: list[FakeBackend] = []

    def factory() -> FakeBackend:
        created.append(backend)
        return backend

    closes = 0
    close = backend.close

    def counted_close() -> None:
        nonlocal closes
        closes += 1
        close()

    monkeypatch.setattr(backend, "close", counted_close)
    settings = Settings(media=Path("fake.opus"), captions=captions, autoplay=False)
    app = make_app(settings, backend_factory=factory, journal=Journal(tmp_path / "state"))
    calls: Counter[str] = Counter()
    count_handlers(monkeypatch, [*type(app).__mro__, *type(app.main).__mro__], calls)
    async with app.run_test() as pilot:
        await app.started.wait()
        await pilot.pause()
        assert app.playback.backend is backend
        await pilot.press("q")  # nothing edited: quits at once
        await pilot.pause()
    assert calls, "no lifecycle handler of the player was seen"
    assert {label: n for label, n in calls.items() if n != 1} == {}
    assert any(label.endswith(".on_mount") for label in calls)
    assert any(label.endswith(".on_unmount") for label in calls)
    assert len(created) == 1
    assert closes == 1
