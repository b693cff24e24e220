"""Two-point (or piecewise) resync: the anchors marked by ear and a preview of the moves."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from captions.history import ResyncPreview
from captions.text_safety import inert
from captions.timecode import format_duration, format_time
from captions.timing import Anchor
from player.ui.dialogs.base import Dialog


class ResyncScreen(Dialog[str]):
    """Dismisses with "apply", "clear" or "cancel"."""

    DEFAULT_CSS = """
    ResyncScreen { align: center middle; }
    ResyncScreen > Vertical { width: 80; max-width: 100%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    ResyncScreen Horizontal { height: auto; align-horizontal: right; }
    ResyncScreen Button { margin-left: 1; }
    """

    def __init__(self, anchors: list[Anchor], preview: ResyncPreview | None, error: str) -> None:
        super().__init__()
        self._anchors = anchors
        self._preview = preview
        self._error = error

    def compose(self) -> ComposeResult:
        lines = [
            f"anchor {n}: caption time {format_time(a.source)} is heard at {format_time(a.target)}"
            for n, a in enumerate(self._anchors, start=1)
        ]
        preview = self._preview
        if preview is not None:
            kind = "linear (offset and speed)" if len(self._anchors) == 2 else "piecewise"
            lines += [
                "",
                f"Fit: {kind}.",
                f"first cue moves {format_duration(preview.first_ms)}, "
                f"last cue {format_duration(preview.last_ms)}, "
                f"largest {format_duration(preview.largest_ms)} "
                f"(cue {preview.largest_index + 1}).",
            ]
            if preview.clamped:
                lines.append(f"{preview.clamped} cues would start before 0 and are clamped.")
        else:
            lines += ["", self._error]
        with Vertical():
            yield Label("Resync from anchors", markup=False)
            yield Static("\n".join(inert(line) for line in lines), markup=False)
            with Horizontal():
                yield Button("Clear anchors", id="clear")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary", disabled=preview is None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def cancel_result(self) -> str:
        return "cancel"
