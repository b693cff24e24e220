"""The sample videos of samples/make_sample_video.py, made once per machine into its cache."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@cache
def generator() -> ModuleType:
    """samples/make_sample_video.py as a module (samples/ is not a package)."""
    path = ROOT / "samples" / "make_sample_video.py"
    spec = importlib.util.spec_from_file_location("make_sample_video", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_video(*, seconds: float = 60.0, codec: str = "h264", matroska: bool = False) -> Path:
    """The sample (H.264 + the talk's Opus audio in MP4 by default), made on first use."""
    path = generator().ensure_sample_video(seconds=seconds, codec=codec, matroska=matroska)
    assert isinstance(path, Path)
    return path
