"""The spoken words of a cue from its word times (forced alignment): which characters of the
shown text are said by a given media time, and when the next word begins."""

from __future__ import annotations

from captions.track import WordTime


def word_spans(text: str, words: tuple[WordTime, ...]) -> list[tuple[int, int]] | None:
    """Where each word lies in `text` (the cue's plaintext), found in reading order; None when
    some word is not there (the text was edited since the words were timed)."""
    spans = []
    at = 0
    for word in words:
        found = text.find(word.text, at)
        if not word.text or found < 0:
            return None
        at = found + len(word.text)
        spans.append((found, at))
    return spans


def spoken_by_times(
    text: str, words: tuple[WordTime, ...], position_ms: int
) -> tuple[int, int | None] | None:
    """(characters of `text` spoken at `position_ms`, media ms at which the next word starts or
    None after the last), a word counting as spoken from its start; None when the words do not
    match the text (the caller estimates instead)."""
    spans = word_spans(text, words)
    if spans is None:
        return None
    spoken = 0
    for (_, end), word in zip(spans, words, strict=True):
        if word.start_ms > position_ms:
            return spoken, word.start_ms
        spoken = end
    return spoken, None
