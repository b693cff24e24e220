"""Playback and the terminal UI of caption-player."""
