"""Screens: the main screen, its dialog flows and the help screen."""
