"""A question with a few answers (save / discard / cancel, overwrite / cancel, …)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from player.text_safety import inert, inert_lines
from player.ui.dialogs.base import Dialog

#: (answer id, button label, button variant)
Answer = tuple[str, str, str]


class ChoiceScreen(Dialog[str]):
    """Dismisses with the id of the chosen answer; Esc gives `cancel_id`."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: 72; max-width: 100%; height: auto; border: round $warning;
                              background: $surface; padding: 1 2; }
    ChoiceScreen Label { width: 100%; margin-bottom: 1; }
    ChoiceScreen Horizontal { height: auto; align-horizontal: right; }
    ChoiceScreen Button { margin-left: 1; }
    """

    def __init__(self, title: str, message: str, answers: list[Answer], cancel_id: str) -> None:
        super().__init__()
        # File names and error messages: shown, never sent to the terminal.
        self._title = inert(title)
        self._message = inert_lines(message)
        self._answers = answers
        self._cancel_id = cancel_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, markup=False, classes="title")
            yield Label(self._message, markup=False)
            with Horizontal():
                for answer_id, label, variant in self._answers:
                    yield Button(label, id=f"answer-{answer_id}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        # Enter takes the primary answer; without one, the first (the safe one).
        buttons = list(self.query(Button))
        primary = [b for b in buttons if b.variant == "primary"]
        (primary or buttons)[0].focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def cancel_result(self) -> str:
        return self._cancel_id
