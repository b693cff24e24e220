"""Two-point (or piecewise) resync: the anchors marked by ear, each removable, and a preview of
the moves. Apply is the default (Enter applies); clearing the anchors is a separate button."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from captions.history import ResyncPreview
from captions.text_safety import inert
from captions.timecode import format_duration, format_time
from captions.timing import Anchor
from player.text_safety import one_line
from player.ui.dialogs.base import Dialog

#: Characters of a cue's text shown in an anchor's line (so that cue 1234 heard at 1:23:45.678
#: still fits an 80-column dialog beside its Remove button).
ANCHOR_TEXT_CHARS = 28


@dataclass(frozen=True, slots=True)
class AnchorRow:
    """An anchor as the dialog lists it: the cue it was marked on and that cue's text."""

    anchor: Anchor
    cue: int | None  # index, None if no cue starts at the anchor's source time any more
    text: str

    @property
    def label(self) -> str:
        """`cue 454 "text…" heard at 37:12.340`."""
        shown = one_line(self.text)
        if len(shown) > ANCHOR_TEXT_CHARS:
            shown = shown[: ANCHOR_TEXT_CHARS - 1] + "…"
        cue = f"cue {self.cue + 1}" if self.cue is not None else "a cue"
        return f'{cue} "{shown}" heard at {format_time(self.anchor.target)}'


@dataclass(frozen=True, slots=True)
class ResyncAnswer:
    """What the user chose ("apply", "clear" or "cancel") and the anchors left."""

    choice: str
    anchors: tuple[Anchor, ...]


Previewer = Callable[[list[Anchor]], tuple[ResyncPreview | None, str]]


def preview_lines(count: int, preview: ResyncPreview | None, error: str) -> list[str]:
    """The preview's summary, or why there is none."""
    if preview is None:
        return [error]
    kind = "linear (offset and speed)" if count == 2 else "piecewise"
    lines = [
        f"Fit: {kind}.",
        f"first cue moves {format_duration(preview.first_ms)}, "
        f"last cue {format_duration(preview.last_ms)}, "
        f"largest {format_duration(preview.largest_ms)} (cue {preview.largest_index + 1}).",
    ]
    if preview.clamped:
        lines.append(f"{preview.clamped} cues would start before 0 (written from 0).")
    if preview.limited:
        lines.append(f"{preview.limited} cues would be held at the 0.1 s minimum length.")
    if preview.implausible:
        slow, fast = preview.speeds
        speed = f"{slow:.4g}×" if slow == fast else f"{slow:.4g}× to {fast:.4g}×"
        lines.append(f"Speed {speed}: are the anchors on the right cues?")
    return lines


class RemoveButton(Button):
    """Removes one anchor from the list."""

    def __init__(self, anchor: Anchor) -> None:
        super().__init__("Remove", compact=True, classes="remove")
        self.marked = anchor


class ResyncScreen(Dialog[ResyncAnswer]):
    """Lists the anchors with a Remove button each; the preview follows the removals."""

    DEFAULT_CSS = """
    ResyncScreen { align: center middle; }
    ResyncScreen > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
                              border: round $accent; background: $surface; padding: 0 1; }
    ResyncScreen .anchor { height: 1; }
    ResyncScreen .anchor Label { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    ResyncScreen .remove { margin: 0 0 0 1; min-width: 8; width: auto; }
    ResyncScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ResyncScreen #buttons Button { margin-left: 1; }
    """

    def __init__(self, rows: list[AnchorRow], previewer: Previewer) -> None:
        super().__init__()
        self._rows = list(rows)
        self._previewer = previewer

    @property
    def anchors(self) -> list[Anchor]:
        return [row.anchor for row in self._rows]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Resync from anchors", markup=False)
            for n, row in enumerate(self._rows):
                with Horizontal(classes="anchor"):
                    yield Label(inert(f"{n + 1}. {row.label}"), markup=False)
                    yield RemoveButton(row.anchor)
            yield Static("", id="preview", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Clear anchors", id="clear")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")

    def on_mount(self) -> None:
        self._refresh_preview()
        apply = self.query_one("#apply", Button)
        (apply if not apply.disabled else self.query_one("#cancel", Button)).focus()

    def _refresh_preview(self) -> None:
        preview, error = self._previewer(self.anchors)
        lines = preview_lines(len(self._rows), preview, error)
        self.query_one("#preview", Static).update("\n".join(["", *lines]))
        self.query_one("#apply", Button).disabled = preview is None

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        button, line = event.button, event.button.parent
        if not isinstance(button, RemoveButton) or not isinstance(line, Widget):
            return
        self._rows = [row for row in self._rows if row.anchor != button.marked]
        await line.remove()
        labels = list(self.query(".anchor Label"))
        for n, (label, row) in enumerate(zip(labels, self._rows, strict=True)):
            if isinstance(label, Label):
                label.update(f"{n + 1}. {row.label}")
        self._refresh_preview()
        if self.query_one("#apply", Button).disabled:
            self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ResyncAnswer(event.button.id or "cancel", tuple(self.anchors)))

    def cancel_result(self) -> ResyncAnswer:
        return ResyncAnswer("cancel", tuple(self.anchors))
