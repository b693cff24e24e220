"""What an editing operation did, and the one line the action line shows for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from captions.edits import Edit, TimingEdit
from captions.formats.reading_time import STARTS_ONLY
from captions.timing import MIN_DURATION_MS

NO_DOCUMENT = "No caption file is open: nothing to edit."
NO_CUES = "There are no cues."


@dataclass(frozen=True)
class Outcome:
    """What an editing operation did: `edit` was applied (or undone/redone, `verb` says
    which), or `message` says why not (`severity` "information" or "warning")."""

    edit: Edit | None = None
    verb: str = ""
    message: str | None = None
    severity: str = "information"
    quiet: bool = False
    #: Extra things to tell the user (e.g. the anchors were cleared by the edit).
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return self.edit is not None


def warning(message: str) -> Outcome:
    return Outcome(message=message, severity="warning")


def _cues(indices: tuple[int, ...], most: int = 3) -> str:
    shown = ", ".join(str(i + 1) for i in indices[:most])
    return shown + ("…" if len(indices) > most else "")


def edit_summary(verb: str, edit: Edit) -> str:
    """One line for the action line: the edit's label and, for a new edit, what it had to do
    (an end held at the minimum duration, the cues it now overlaps, cues moved before 0)."""
    parts = [f"{verb}{edit.label}"]
    if not verb:
        if getattr(edit, "limited", 0):
            parts.append(f"held at the {MIN_DURATION_MS / 1000:.1f} s minimum")
        overlaps: tuple[int, ...] = getattr(edit, "overlaps_with", ())
        if overlaps:
            parts.append(f"overlaps cue {_cues(overlaps)}")
        below = getattr(edit, "clamped", 0)
        if below:
            parts.append(f"{below} before 0 (saved from 0)")
    return " · ".join(parts)


def ends_not_saved(verb: str, edit: Edit, fmt: str) -> str | None:
    """For a new edit that moved only ends in a file that stores no ends (a transcript, LRC):
    the note that saving will not keep them, and how to keep them."""
    if verb or fmt not in STARTS_ONLY or not isinstance(edit, TimingEdit):
        return None
    if edit.before.starts != edit.after.starts or edit.before.ends == edit.after.ends:
        return None
    kind = "a transcript" if fmt == "transcript" else "LRC"
    # Short: at 80 columns the action line has ~35 cells left after a nudge's label.
    return f"{kind} saves no ends: Ctrl+E exports them"
