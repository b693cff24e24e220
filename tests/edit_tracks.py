"""Tracks for the edit tests, and what "exactly the same state" means."""

from __future__ import annotations

import dataclasses
from typing import Any

import pysubs2

from captions.edits import History
from captions.track import Track

FIELDS = [f.name for f in dataclasses.fields(pysubs2.SSAEvent)]


def state(track: Track) -> list[tuple[Any, ...]]:
    """Every field of every event, in order: what "exactly the same state" means."""
    return [tuple(getattr(e, name) for name in FIELDS) for e in track.events]


def make_track(spans: list[tuple[int, int, str]], fmt: str = "ass") -> Track:
    subs = pysubs2.SSAFile()
    for n, (start, end, text) in enumerate(spans):
        subs.events.append(
            pysubs2.SSAEvent(
                start=start,
                end=end,
                text=text,
                style="Sign" if n % 3 == 2 else "Default",
                name=f"spk{n % 2}",
                layer=n % 2,
                marginv=n,
            )
        )
    return Track(subs=subs, format=fmt)


def talk() -> Track:
    return make_track(
        [
            (1000, 3000, "one two three four"),
            (3000, 5000, r"{\an8}Hello {\i1}big{\i0} world"),
            (6000, 9000, r"first line\Nsecond line"),
            (10000, 12000, "end"),
        ]
    )


def starts(track: Track) -> list[int]:
    return [e.start for e in track.events]


def ends(track: Track) -> list[int]:
    return [e.end for e in track.events]


def roundtrip(track: Track, history: History, edit: Any) -> list[tuple[Any, ...]]:
    """Do `edit`, check undo restores the original exactly and redo the edited state; returns
    the edited state."""
    original = state(track)
    history.do(edit)
    edited = state(track)
    assert history.undo() is edit
    assert state(track) == original
    assert history.redo() is edit
    assert state(track) == edited
    return edited
