"""The one Dialog base: a centred modal box with the shared look, and Esc cancels."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT], Generic[ResultT]):
    """A modal dialog. Esc dismisses with `cancel_result()` (None unless a dialog says)."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 72; max-width: 100%; height: auto; border: round $accent;
                        background: $surface; padding: 0 1; }
    Dialog Horizontal { height: auto; align-horizontal: right; }
    Dialog Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def cancel_result(self) -> ResultT | None:
        """What Esc answers."""
        return None

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_result())
