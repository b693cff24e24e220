"""Text widgets that show control characters visibly while keeping the text they edit as it is.

Textual's TextArea and Input render their text as it is: a cue holding `ESC ] 0 ; pwned BEL`
opened in the text editor set the terminal's title, `ESC [ 2 J` cleared the screen. These
subclasses render it inert (`␛]0;pwned␇`, one visible character for each control character, so
cursor and selection offsets still match) and leave the document untouched: keeping the text
unedited keeps its bytes.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, TextArea

from captions.text_safety import inert


def _inert_keeping_tabs(line: str) -> str:
    # A tab is expanded by the widget, as in any editor; every other control is shown.
    return "\t".join(inert(part) for part in line.split("\t"))


class InertTextArea(TextArea):
    """A TextArea whose lines are drawn inert."""

    def get_line(self, line_index: int) -> Text:
        return Text(_inert_keeping_tabs(self.document.get_line(line_index)), end="", no_wrap=True)


class InertInput(Input):
    """An Input whose value is drawn inert."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(inert(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text
