"""Messages posted by worker threads (start-up, the journal) to the main screen."""

from __future__ import annotations

from textual.message import Message

from player.playback.backend import Backend


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


class JournalProblem(Message):
    """A background journal write failed (posted from the journal's thread)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__()
