"""How the main screen tells the user things: the last action on the action line (replaced by
the next), a toast only for what needs attention (never more than one), and a footer that
names Space for what it does now (Play while paused, Pause while playing)."""

from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding
from textual.screen import Screen

from player.ui.widgets.status_bar import ActionLine


class Feedback(Screen[None]):
    """Mixed into the main screen, which has an `ActionLine` with id `action` and knows
    whether playback is running (`playing`)."""

    @property
    def playing(self) -> bool:
        raise NotImplementedError

    def say(self, message: str, *, warning: bool = False) -> None:
        """The last action or a small warning, on the action line (replaced by the next)."""
        self.query_one("#action", ActionLine).say(message, warning=warning)

    def attention(self, message: str, *, severity: str = "warning") -> None:
        """What needs attention (an error, a failed save): a toast, never more than one."""
        self.app.clear_notifications()
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """As Textual's, with Space named for what it does now: Play while paused."""
        active = super().active_bindings
        label = "Pause" if self.playing else "Play"
        for key, item in active.items():
            if item.binding.action == "toggle_pause" and item.binding.description != label:
                binding = dataclasses.replace(item.binding, description=label)
                active[key] = item._replace(binding=binding)
        return active
