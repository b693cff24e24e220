"""Notifications that cannot pile up and never carry raw control characters.

A burst of edits (100 `x` presses) used to raise 100 toasts at once: the screen filled with
them and, mounted late, they set the negative timers that froze Textual (see
`player.textual_guards`). Here a new notification replaces a shown one with the same text, and
at most `MAX_SHOWN` are shown (the oldest go first). Message and title are made inert (`␛`).
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import Notify, SeverityLevel

from player.text_safety import inert, inert_lines

#: Toasts shown at once.
MAX_SHOWN = 3


class NoticesApp(App[int]):
    """An App whose notifications are coalesced and inert."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        super().notify(
            inert_lines(message),
            title=inert(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _on_notify(self, event: Notify) -> None:
        """Runs before `App._on_notify` (Textual calls each class's handler, subclass first),
        which then shows the new notification."""
        new = event.notification
        shown = list(self._notifications)
        for old in shown:
            if (old.message, old.title, old.severity) == (new.message, new.title, new.severity):
                self._unnotify(old, refresh=False)
        shown = list(self._notifications)
        for old in shown[: max(0, len(shown) - (MAX_SHOWN - 1))]:
            self._unnotify(old, refresh=False)
