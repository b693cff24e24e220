"""Widgets of the main screen (transcript, now panel, status bar, search bar)."""
