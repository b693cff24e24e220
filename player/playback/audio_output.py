"""Which libvlc audio output `--audio` means: `auto` tries PulseAudio, then an ALSA card, then
plays silently through VLC's dummy output (and says why); `pulse` or `alsa` asked for where
there is none plays silently too, and says so, as mpv does. No libvlc calls here."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def pulse_reachable() -> bool:
    server = os.environ.get("PULSE_SERVER", "")
    if server and not server.startswith(("unix:", "/")):
        return True  # a network server: trust the user's setting
    path = server.removeprefix("unix:") if server else ""
    if not path:
        runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
        path = os.path.join(runtime, "pulse", "native")
    if not os.path.exists(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True


def alsa_card_present() -> bool:
    try:
        cards = Path("/proc/asound/cards").read_text(encoding="utf-8", errors="replace")
    except OSError:
        cards = ""
    if any(line[:3].strip().isdigit() for line in cards.splitlines()):
        return True
    try:
        return any(name.startswith("pcmC") for name in os.listdir("/dev/snd"))
    except OSError:
        return False


def choose_audio(audio: str) -> tuple[list[str], str, str | None]:
    """libvlc arguments, the output's display name and a fallback reason for `--audio`."""
    if audio == "none":
        return ["--aout=adummy"], "none (adummy)", None
    if audio == "pulse" and not pulse_reachable():
        return ["--aout=adummy"], "none (adummy)", "--audio pulse: no PulseAudio server: silent"
    if audio == "alsa" and not alsa_card_present():
        return ["--aout=adummy"], "none (adummy)", "--audio alsa: no sound card: silent"
    if audio != "auto":
        return [f"--aout={audio}"], audio, None
    if pulse_reachable():
        return ["--aout=pulse"], "pulse", None
    if alsa_card_present():
        return ["--aout=alsa"], "alsa", None
    reason = "no sound device: playing silently"
    return ["--aout=adummy"], "none (adummy)", reason
