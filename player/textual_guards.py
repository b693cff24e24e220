"""Guards around four failure modes of Textual itself (seen in Textual 8.2.8), installed once
by the app (`install()`); each wraps one small part and says why.

1. A one-shot timer with a negative delay spins forever. `Timer._run` with `skip=True` (the
   default, also for `set_timer`) computes `count = int((now - start) / interval + 1)` when the
   deadline has passed: with a negative interval that count never exceeds the repeat limit, and
   the loop `continue`s without awaiting, freezing the event loop for good. A toast mounted
   after its notification's time ran out sets such a timer (`Toast._on_mount` uses
   `notification.time_left`). With a zero interval the same line divides by zero; with a tiny
   positive one a late one-shot timer is skipped and never fires (a toast then stays forever).
   Guard: a one-shot timer never skips (its delay is clamped to 0); a repeating one waits at
   least `MIN_INTERVAL_S`.
2. `OptionList._move_page` reads `_index_to_line[highlighted]` before the list has laid its
   lines out: Ctrl+P then PageUp/PageDown in one burst raises `KeyError: 0` from the command
   palette and takes the app down. Guard: until the lines exist, a page move goes to the first
   or last option instead.
3. Textual writes each segment's text to the terminal as it is, so a control character that
   reaches a widget unescaped (a caption's `ESC ] 0 ; … BEL`, a file name's `ESC [ 2 J`) would be
   obeyed by the terminal. The widgets make text inert where it enters them; as a last line of
   defence `Strip.render` shows any control character left in segment text visibly (`␛`).
4. A focused widget handles a key first (an Input inserts a typed character at once), but the
   bindings (Backspace, End and arrows in an Input; Tab between fields; the app's keys) run
   only when the key has bubbled up to the app as a message, after keys already queued
   behind it. So keys that arrive in one burst (tmux send-keys, a paste of keystrokes, a slow
   SSH link) were applied out of order: Backspace then `h` at the end of `lunchx` left
   `lunchx` (the `h` went in first, the Backspace took it), and a name typed over the export
   path after eleven Backspaces lost letters (Textual issue #6605, open pull request #6631).
   Guard: when the focused widget has not handled a key, the bindings the app would run for it
   (the same chain, from the focused widget up) run there and then; priority bindings were
   checked before the key reached the widget, so the same binding runs, only sooner. (A key a
   binding took no longer bubbles on to the ancestors' own `on_key`/`key_*` handlers: none in
   this app has one, nor do Textual 8.2.8's widgets above the focused one.)
   Not guarded: a key that moves the focus (Tab) still leaves the keys behind it in the same
   burst with the widget that had the focus, because the app hands each key on as it reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.color import ColorSystem
from rich.console import Console
from textual import events
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList

from captions.text_safety import inert

#: The shortest wait of a repeating timer.
MIN_INTERVAL_S = 0.001
#: Characters `inert` changes (C0, DEL, C1, bidi overrides): segments without any keep their text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_installed = False


def install() -> None:
    """Install every guard (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    _guard_timers()
    _guard_option_list_paging()
    _guard_strip_output()
    _guard_key_order()


def safe_interval(interval: float, repeat: int | None) -> float:
    """The delay a timer may wait: never negative, and above zero for a repeating one."""
    if repeat == 0:
        return max(0.0, interval)
    return max(MIN_INTERVAL_S, interval)


def _guard_timers() -> None:
    original: Callable[..., None] = Timer.__init__

    def __init__(self: Timer, event_target: Any, interval: float, **kwargs: Any) -> None:
        repeat = kwargs.get("repeat")
        if repeat == 0:
            kwargs["skip"] = False  # a one-shot timer that is late fires now, never skips
        original(self, event_target, safe_interval(interval, repeat), **kwargs)

    Timer.__init__ = __init__  # type: ignore[method-assign]


def _guard_option_list_paging() -> None:
    original: Callable[[OptionList, Any], None] = OptionList._move_page

    def _move_page(self: OptionList, direction: int) -> None:
        if self.option_count and (self.highlighted or 0) not in self._index_to_line:
            # Not laid out yet: Textual would raise KeyError here.
            self.highlighted = 0 if direction < 0 else self.option_count - 1
            return
        original(self, direction)

    OptionList._move_page = _move_page  # type: ignore[method-assign]


def _guard_strip_output() -> None:
    # Textual 8.2.8's `Strip.render`, with each segment's text made inert when it holds a
    # control character (`isprintable` first: one C call for the common, clean case).
    def render(self: Strip, console: Console) -> str:
        if self._render_cache is None:
            color_system = console._color_system or ColorSystem.TRUECOLOR
            style_text = Strip.render_style
            parts = []
            for text, style, _ in self._segments:
                if not text.isprintable() and _UNSAFE.search(text):
                    text = inert(text)
                parts.append(
                    text if style is None else style_text(style, text, color_system=color_system)
                )
            self._render_cache = "".join(parts)
        return self._render_cache

    Strip.render = render  # type: ignore[method-assign]


def _guard_key_order() -> None:
    # Widget._on_key runs last of a widget's key handlers, and not at all when one of them
    # handled the key (prevent_default): what is left is for the bindings.
    original = Widget._on_key

    async def _on_key(self: Widget, event: events.Key) -> None:
        await original(self, event)
        if event._stop_propagation or event._no_default_action or self.app.focused is not self:
            return
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    Widget._on_key = _on_key  # type: ignore[method-assign]
