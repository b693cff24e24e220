"""Pilot steps with the dialogs: open one by its keys (waiting until it is mounted, however
long a loaded machine takes), keep a text in the text dialog."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.screen import Screen
from textual.widgets import TextArea

from tests.app_harness import until

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def open_dialog(pilot: object, kind: type[ScreenT], *keys: str) -> ScreenT:
    """Press `keys`, then wait until a `kind` dialog is on screen and mounted; the dialog."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await until(
        pilot, lambda: isinstance(app.screen, kind) and app.screen.is_mounted, kind.__name__
    )
    dialog: ScreenT = app.screen
    return dialog


async def keep_text(pilot: object, text: str) -> None:
    """In the open text dialog: replace the text with `text` and keep it (Ctrl+S)."""
    pilot.app.screen.query_one(TextArea).text = text  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
