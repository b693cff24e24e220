"""Caption text made inert for the terminal: the one implementation lives in
`captions.text_safety` (the CLI uses it too); re-exported here for the UI, with `inert_lines`
for messages whose line breaks are meant (notifications, dialogs)."""

from __future__ import annotations

from captions.text_safety import inert, one_line


def inert_lines(text: str) -> str:
    """`inert` on each line: line breaks stay breaks, every other control is shown (`␛`)."""
    return "\n".join(inert(line) for line in text.split("\n"))


__all__ = ["inert", "inert_lines", "one_line"]
