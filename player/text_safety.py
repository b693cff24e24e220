"""Caption text made inert for the terminal: control characters and escape sequences are shown,
never sent. (Markup safety is separate: caption text is never parsed as markup.)"""

from __future__ import annotations

_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 controls, CSI included
# Bidirectional overrides and isolates could reorder what is shown around them.
_TABLE.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def inert(text: str) -> str:
    """Replace C0/C1 control characters (ESC becomes ␛) and bidi overrides with visible marks."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """A cue's text on one row: line breaks shown as ↵, then made inert."""
    return inert(" ↵ ".join(part.strip() for part in text.splitlines() if part.strip()))
