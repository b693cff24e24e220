"""Editing the open caption file, with no UI: the EditSession (document, journal, anchors, step,
offset), the crash journal and the auto-sync runner."""
