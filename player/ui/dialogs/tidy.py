"""The tidy operation's limits, with a live count of the cues it would change."""

from __future__ import annotations

import math
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label
from textual.worker import get_current_worker

from captions.tidy import TidyLimits
from player.ui.dialogs.base import Dialog

#: (input id, label, TidyLimits field, scale from the shown unit to the field's)
FIELDS = (
    ("max-duration", "Longest cue (s)", "max_duration_ms", 1000),
    ("min-duration", "Shortest cue (s)", "min_duration_ms", 1000),
    ("min-gap", "Gap between cues (ms)", "min_gap_ms", 1),
    ("max-cps", "Reading speed (chars/s)", "max_cps", 1),
    ("max-line-chars", "Characters per line", "max_line_chars", 1),
    ("max-lines", "Lines per cue", "max_lines", 1),
)


class TidyScreen(Dialog[TidyLimits | None]):
    """Dismisses with the limits to apply, or None."""

    DEFAULT_CSS = """
    TidyScreen { align: center middle; }
    TidyScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent;
                            background: $surface; padding: 0 1; }
    TidyScreen Grid { grid-size: 2; grid-columns: 1fr 16; height: auto; grid-rows: 3; }
    TidyScreen Label { padding: 1 0 0 0; }
    TidyScreen #preview { padding: 0; }
    TidyScreen Horizontal { height: auto; align-horizontal: right; }
    TidyScreen Button { margin-left: 1; }
    """

    def __init__(self, preview: Callable[[TidyLimits], tuple[int, int]]) -> None:
        super().__init__()
        self._preview = preview

    def compose(self) -> ComposeResult:
        defaults = TidyLimits()
        with Vertical():
            yield Label(
                "Tidy: cap durations and reading speed, keep gaps, reflow text", markup=False
            )
            with Grid():
                for input_id, label, name, scale in FIELDS:
                    value = getattr(defaults, name)
                    if name == "max_line_chars":
                        value = 42
                    elif name == "max_lines":
                        value = 2
                    shown = value / scale if scale != 1 else value
                    yield Label(label, markup=False)
                    yield Input(f"{shown:g}", id=input_id, type="number")
            yield Checkbox("Reflow long text (split cues that cannot fit)", True, id="reflow")
            yield Label("", id="preview", markup=False)
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")

    def on_mount(self) -> None:
        self._update_preview()

    def limits(self) -> TidyLimits | str:
        """The limits typed, or what is wrong with them."""
        values: dict[str, float | int | None] = {}
        for input_id, label, name, scale in FIELDS:
            try:
                number = float(self.query_one(f"#{input_id}", Input).value)
            except ValueError:
                return f"{label}: not a number."
            if not math.isfinite(number) or number > 1e9 or (number <= 0 and name != "min_gap_ms"):
                return f"{label}: must be a positive number."
            values[name] = number if name == "max_cps" else round(number * scale)
        if not self.query_one("#reflow", Checkbox).value:
            values["max_line_chars"] = values["max_lines"] = None
        try:
            return TidyLimits(**values)  # type: ignore[arg-type]
        except ValueError as exc:
            return f"{str(exc).capitalize()}."

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _update_preview(self) -> None:
        limits = self.limits()
        label = self.query_one("#preview", Label)
        if isinstance(limits, str):
            label.update(limits)
            return
        label.update("Counting the cues it would change…")
        self._count(limits)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _count(self, limits: TidyLimits) -> None:
        """Tidy is linear but takes seconds at 100,000 cues: count off the UI thread; a newer
        keystroke cancels an older count's result."""
        changed, split = self._preview(limits)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_count, changed, split)

    def _show_count(self, changed: int, split: int) -> None:
        if self.is_mounted:
            self.query_one("#preview", Label).update(
                f"Would change {changed} cues ({split} added by splitting)."
            )

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        limits = self.limits()
        if not isinstance(limits, str):
            self.dismiss(limits)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
