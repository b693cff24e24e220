"""Choose a format and a path to export to: the typed extension and the format list follow each
other, and the default path is beside the caption file, never a file that exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select

from captions.align.stamps import STAMP_FORMATS
from captions.export_target import format_of, with_format
from captions.formats import FORMAT_EXTENSION, WRITE_FORMATS
from player.ui.dialogs.base import Dialog
from player.ui.widgets.inert import InertInput


def format_label(fmt: str) -> str:
    """How the format list names a format: its id and extension, from the format registry."""
    extension = FORMAT_EXTENSION.get(fmt)
    return f"{fmt} ({extension})" if extension else fmt


class ExportScreen(Dialog[tuple[str, Path] | None]):
    """Dismisses with (format, path), or None when cancelled. Typing `out.ass` selects ASS;
    choosing VTT makes the typed name end in `.vtt` (the untouched default becomes the default
    for VTT). With `has_word_times`, formats that hold word stamps offer them; `word_stamps`
    says whether they were asked for."""

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
        self._default = str(default_path(self._format))

    @property
    def word_stamps(self) -> bool:
        """Word stamps asked for, and possible in the chosen format."""
        if not self._has_word_times or self._format not in STAMP_FORMATS:
            return False
        return self.query_one("#word-stamps", Checkbox).value

    def _show_stamps(self) -> None:
        offered = self._has_word_times and self._format in STAMP_FORMATS
        self.query_one("#word-stamps", Checkbox).display = offered

    @property
    def chosen_format(self) -> str:
        return self._format

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export captions (the name's extension picks the format)", markup=False)
            yield Select(
                [(format_label(fmt), fmt) for fmt in WRITE_FORMATS],
                value=self._format,
                allow_blank=False,
                id="format",
            )
            yield InertInput(self._default, id="path")
            yield Checkbox("Word stamps (the word times from alignment)", id="word-stamps")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        self._show_stamps()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == self._format:
            return
        self._format = event.value
        self._show_stamps()
        path_input = self.query_one("#path", Input)
        typed = path_input.value
        with self.prevent(Input.Changed):  # the name follows the list, not the other way
            if typed.strip() == self._default or not typed.strip():
                self._default = str(self._default_path(event.value))
                path_input.value = self._default
            else:
                path_input.value = with_format(typed, event.value)

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        # The value now, not the event's: keys typed in a burst have moved it on since. The
        # list is set without its Changed message: that would arrive after later keys and
        # rewrite the typed name for a format the name no longer has.
        fmt = format_of(self.query_one("#path", Input).value.strip())
        if fmt is not None and fmt != self._format:
            self._format = fmt
            with self.prevent(Select.Changed):
                self.query_one("#format", Select).value = fmt
            self._show_stamps()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if path:
            fmt = format_of(path) or self._format
            self.dismiss((fmt, Path(path).expanduser()))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
