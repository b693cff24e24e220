"""The speech in a recording, as the timing editor shows it.

`envelope` computes loudness and speech per 10 ms (PyAV decode, webrtcvad: the same path as
auto-sync) with the speech onsets and offsets; `cache` keeps one envelope per media file in the
user's cache directory; `snap` moves a cue's start or end to the nearest onset or offset as one
undoable edit; `strip` draws a window of the envelope as rows of characters. Pure: no UI or
playback imports.
"""
