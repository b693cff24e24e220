"""Caption model, formats and timing operations, free of any UI or playback code."""

from captions.errors import CaptionError
from captions.formats import load, save
from captions.track import Track

__all__ = ["CaptionError", "Track", "load", "save"]
