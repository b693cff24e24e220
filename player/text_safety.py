"""Caption text made inert for the terminal: the one implementation lives in
`captions.text_safety` (the CLI uses it too); re-exported here for the UI."""

from __future__ import annotations

from captions.text_safety import inert, one_line

__all__ = ["inert", "one_line"]
