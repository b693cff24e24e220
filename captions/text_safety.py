"""Text made inert for the terminal: control characters and escape sequences in caption text,
file names and file content are shown, never sent. Every CLI message and every UI widget goes
through here. (Markup safety is separate: caption text is never parsed as markup.)"""

from __future__ import annotations

import re

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


def inert_line(text: str) -> str:
    """A message on one line: runs of spaces and line breaks become one space, then every
    other control character is shown (ESC as ␛, a tab as ␉)."""
    return inert(" ".join(part for part in re.split(r"[ \n]+", text) if part))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert_json(encoded: str) -> str:
    """JSON text safe for a terminal and still the same JSON: `json.dumps` escapes C0 controls
    but leaves DEL, C1 controls (U+009B is CSI) and bidi overrides raw; escape those too."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)
