"""What a recovery journal holds and how it is written: every event field as a column, plus
each event's class and source origin (the lossless layer's link to its block) and the cues' word
times (from alignment); a snapshot of a document taken cheaply on the UI thread and serialised
on any thread."""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pysubs2

from captions.document import Document
from captions.formats.source import BraceTextEvent, SourceEvent
from captions.track import Timing, WordTime

WordTimes = dict[int, tuple[WordTime, ...]]

#: 2 adds each event's class and source origin (the lossless layer's link to its block);
#: 3 adds the word times (`Track.word_times`). Versions 1 and 2 are still read (a version 1
#: journal's events then save as new cues; neither has word times).
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
#: Event classes a journal may name (anything else is read as a plain pysubs2 event).
EVENT_CLASSES: dict[str, type[pysubs2.SSAEvent]] = {
    cls.__name__: cls for cls in (pysubs2.SSAEvent, SourceEvent, BraceTextEvent)
}
#: Every SSAEvent field, in the order the journal's columns are stored.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(pysubs2.SSAEvent))


def _row(event: pysubs2.SSAEvent) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in FIELDS)


@dataclass(frozen=True)
class Snapshot:
    """A document's state at one moment, cheap to take on the UI thread: the event list (by
    reference: edits never change an event's other fields in place) and every start and end
    (which timing edits do change in place) copied."""

    source: Path
    source_sha1: str
    format: str
    events: tuple[pysubs2.SSAEvent, ...]
    timing: Timing
    labels: list[str]
    offset_ms: int
    taken_at: float
    #: Word times by event index (a copy: timing edits update the track's dict in place).
    word_times: WordTimes = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Snapshot:
        history = document.history
        return cls(
            source=document.path,
            source_sha1=document.source_sha1,
            format=document.format,
            events=tuple(document.track.events),
            timing=history.timing,
            labels=history.labels,
            offset_ms=history.offset_ms,
            taken_at=time.time(),
            word_times=dict(document.track.word_times),
        )

    def to_json(self) -> bytes:
        """The journal file's content (may run on any thread)."""
        columns: dict[str, Any] = {}
        for name in FIELDS:
            if name == "start":
                values: list[Any] = list(self.timing.starts)
            elif name == "end":
                values = list(self.timing.ends)
            else:
                values = [getattr(e, name) for e in self.events]
            columns[name] = _column(values)
        columns["origin"] = _column([getattr(e, "origin", -1) for e in self.events])
        columns["kind"] = _column([type(e).__name__ for e in self.events])
        payload = {
            "version": VERSION,
            "source": str(self.source),
            "source_sha1": self.source_sha1,
            "format": self.format,
            "labels": self.labels,
            "offset_ms": self.offset_ms,
            "written_at": self.taken_at,
            "count": len(self.events),
            "events": columns,
            "word_times": {
                str(index): [list(word) for word in words]
                for index, words in sorted(self.word_times.items())
            },
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _column(values: list[Any]) -> Any:
    """A column holding one value throughout is stored once."""
    same = bool(values) and values.count(values[0]) == len(values)
    return {"all": values[0]} if same else values


_REQUIRED = object()


def _values(columns: dict[str, Any], name: str, count: int, default: Any = _REQUIRED) -> list[Any]:
    """One column's values; a column missing from the journal takes `default` (an error when
    there is none: every SSAEvent field must be there)."""
    column = columns[name] if default is _REQUIRED else columns.get(name, {"all": default})
    values = [column["all"]] * count if isinstance(column, dict) else column
    if len(values) != count:
        raise ValueError(f"column {name} has {len(values)} values, expected {count}")
    return list(values)


def _events(columns: dict[str, Any], count: int) -> list[pysubs2.SSAEvent]:
    lists = [_values(columns, name, count) for name in FIELDS]
    kinds = _values(columns, "kind", count, "SSAEvent")
    origins = _values(columns, "origin", count, -1)
    events: list[pysubs2.SSAEvent] = []
    for row, kind, origin in zip(zip(*lists, strict=True), kinds, origins, strict=True):
        cls = EVENT_CLASSES.get(str(kind), pysubs2.SSAEvent)
        event = cls(**dict(zip(FIELDS, row, strict=True)))
        if isinstance(event, SourceEvent):
            event.origin = int(origin)
        events.append(event)
    return events


def _word_times(payload: dict[str, Any], count: int) -> WordTimes:
    """A journal's word times (none before version 3). A cue's entry that does not read as
    (text, start_ms, end_ms) words of a cue the journal has is left out: the cues' edits
    still restore, and that cue only loses its words."""
    out: WordTimes = {}
    stored = payload.get("word_times")
    for key, words in stored.items() if isinstance(stored, dict) else ():
        try:
            index = int(key)
            cue = tuple(WordTime(str(text), int(start), int(end)) for text, start, end in words)
        except (TypeError, ValueError):
            continue
        if 0 <= index < count:
            out[index] = cue
    return out


def _same_but_timing(a: pysubs2.SSAEvent, b: pysubs2.SSAEvent) -> bool:
    return type(a) is type(b) and all(
        getattr(a, name) == getattr(b, name) for name in FIELDS if name not in ("start", "end")
    )
