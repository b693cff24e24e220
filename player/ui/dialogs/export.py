"""Choose a format and a path to export to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select

from captions.align.stamps import STAMP_FORMATS
from captions.formats import FORMAT_EXTENSION, WRITE_FORMATS
from player.ui.dialogs.base import Dialog
from player.ui.widgets.inert import InertInput


def format_label(fmt: str) -> str:
    """How the format list names a format: its id and extension, from the format registry."""
    extension = FORMAT_EXTENSION.get(fmt)
    return f"{fmt} ({extension})" if extension else fmt


class ExportScreen(Dialog[tuple[str, Path] | None]):
    """Dismisses with (format, path), or None when cancelled. With `has_word_times`, formats
    that hold word stamps offer them; `word_stamps` says whether they were asked for."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 90; max-width: 100%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; }
    """

    def __init__(
        self,
        default_format: str,
        default_path: Callable[[str], Path],
        *,
        has_word_times: bool = False,
    ) -> None:
        super().__init__()
        self._format = default_format if default_format in WRITE_FORMATS else "srt"
        self._default_path = default_path
        self._has_word_times = has_word_times

    @property
    def word_stamps(self) -> bool:
        """Word stamps asked for, and possible in the chosen format."""
        if not self._has_word_times or self._format not in STAMP_FORMATS:
            return False
        return self.query_one("#word-stamps", Checkbox).value

    def _show_stamps(self) -> None:
        offered = self._has_word_times and self._format in STAMP_FORMATS
        self.query_one("#word-stamps", Checkbox).display = offered

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export captions", markup=False)
            yield Select(
                [(format_label(fmt), fmt) for fmt in WRITE_FORMATS],
                value=self._format,
                allow_blank=False,
                id="format",
            )
            yield InertInput(str(self._default_path(self._format)), id="path")
            yield Checkbox("Word stamps (the word times from alignment)", id="word-stamps")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        self._show_stamps()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._format = event.value
            self.query_one("#path", Input).value = str(self._default_path(event.value))
            self._show_stamps()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if path:
            self.dismiss((self._format, Path(path).expanduser()))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
