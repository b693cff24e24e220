"""Counting the cues a search matches: from the joined text once every cue is folded (counting
before that folded all 100,000 cues in the keystroke the background folding exists to spare),
each cue once however often it holds the query, and capped."""

from __future__ import annotations

from player.search import MAX_COUNTED, TextSearch, search_summary

TEXTS = ["The cat sat.", "A dog.", "cat and cat again", "Nothing here", "CAT"]


def test_counts_each_matching_cue_once() -> None:
    search = TextSearch(TEXTS.__getitem__, len(TEXTS))
    assert search.fold_ahead(len(TEXTS))
    search.set_query("cat")
    assert search.count_matches() == 3  # cue 3 holds it twice: one cue
    search.set_query("zebra")
    assert search.count_matches() == 0


def test_not_counted_while_cues_are_still_unfolded() -> None:
    search = TextSearch(TEXTS.__getitem__, len(TEXTS))
    search.set_query("cat")
    assert search.find(0, forward=True, include_start=True) == 0
    assert search.count_matches() is None  # finding folded one cue, not all of them
    assert search_summary("cat", None) == "Found 'cat'."


def test_the_count_stops_at_its_cap() -> None:
    texts = ["x"] * (MAX_COUNTED + 50)
    search = TextSearch(texts.__getitem__, len(texts))
    assert search.fold_ahead(len(texts))
    search.set_query("x")
    assert search.count_matches() == MAX_COUNTED
    assert search_summary("x", MAX_COUNTED) == f"{MAX_COUNTED}+ cues have 'x'."
