"""Choose a format and a path to export to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from captions.formats import WRITE_FORMATS

FORMAT_NAMES = {
    "srt": "SubRip (.srt)",
    "vtt": "WebVTT (.vtt)",
    "ass": "Advanced SubStation (.ass)",
    "ssa": "SubStation Alpha (.ssa)",
    "microdvd": "MicroDVD (.sub)",
    "json": "pysubs2 JSON (.json)",
    "mpl2": "MPL2 (.mpl)",
    "tmp": "TMPlayer (.tmp)",
    "ttml": "TTML (.ttml)",
    "transcript": "Timestamped transcript (.txt)",
    "lrc": "LRC lyrics (.lrc)",
}


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Dismisses with (format, path), or None when cancelled."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 90; max-width: 100%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_format: str, default_path: Callable[[str], Path]) -> None:
        super().__init__()
        self._format = default_format if default_format in WRITE_FORMATS else "srt"
        self._default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export captions", markup=False)
            yield Select(
                [(FORMAT_NAMES.get(fmt, fmt), fmt) for fmt in WRITE_FORMATS],
                value=self._format,
                allow_blank=False,
                id="format",
            )
            yield Input(str(self._default_path(self._format)), id="path")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._format = event.value
            self.query_one("#path", Input).value = str(self._default_path(event.value))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if path:
            self.dismiss((self._format, Path(path).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
