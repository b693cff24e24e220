"""What the player opens, and the start-up worker's messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from captions.track import Track
from player.backend import Backend


@dataclass
class Session:
    """What the player opens: media, captions and how to play them."""

    media: Path | None
    track: Track
    captions_label: str
    backend_factory: Callable[[], Backend]
    notes: list[str] = field(default_factory=list)
    start_ms: int = 0
    rate: float = 1.0
    autoplay: bool = True
    #: Seek back this much when playback resumes (to hear a fix again).
    rewind_on_resume_ms: int = 0


class BackendReady(Message):
    """The backend was created and the media checked (from the start-up worker)."""

    def __init__(self, backend: Backend, duration_ms: int) -> None:
        self.backend = backend
        self.duration_ms = duration_ms
        super().__init__()


class BackendFailed(Message):
    """libvlc is missing or the media cannot be played."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__()
