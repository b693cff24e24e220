"""Which libvlc audio output `--audio` means: `auto` tries PulseAudio, then an ALSA card, then
plays silently through VLC's dummy output (and says why); `pulse` or `alsa` asked for where
there is certainly none (no server or card, and no configuration that could make one) plays
silently too, and says so, as mpv does. No libvlc calls here."""

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


def pulse_configured() -> bool:
    """A PulseAudio server this module's probe does not see, but libpulse may: the system-wide
    socket, or a client.conf naming a server. An output asked for by name is then tried."""
    home = Path.home()
    if Path("/run/pulse/native").exists():
        return True
    for conf in (home / ".config/pulse/client.conf", Path("/etc/pulse/client.conf")):
        try:
            lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        if any(line.strip().startswith("default-server") for line in lines):
            return True
    return False


def alsa_configured() -> bool:
    """An ALSA configuration that can define a device with no card (a pipewire, pulse or
    bluealsa plugin): an output asked for by name is then tried."""
    return any(p.exists() for p in (Path("/etc/asound.conf"), Path.home() / ".asoundrc"))


def choose_audio(audio: str) -> tuple[list[str], str, str | None]:
    """libvlc arguments, the output's display name and a fallback reason for `--audio`."""
    if audio == "none":
        return ["--aout=adummy"], "none (adummy)", None
    if audio == "pulse" and not (pulse_reachable() or pulse_configured()):
        return ["--aout=adummy"], "none (adummy)", "--audio pulse: no PulseAudio server: silent"
    if audio == "alsa" and not (alsa_card_present() or alsa_configured()):
        return ["--aout=adummy"], "none (adummy)", "--audio alsa: no sound card: silent"
    if audio != "auto":
        return [f"--aout={audio}"], audio, None
    if pulse_reachable():
        return ["--aout=pulse"], "pulse", None
    if alsa_card_present():
        return ["--aout=alsa"], "alsa", None
    reason = "no sound device: playing silently"
    return ["--aout=adummy"], "none (adummy)", reason


def unknown_output(aout_args: list[str], names: list[str]) -> str | None:
    """Why `--audio` cannot play (libVLC has no output of that name, so it would play silently
    while the status said `audio: bogus`), or None. `names`: libVLC's outputs (none: unknown)."""
    asked = next((a.removeprefix("--aout=") for a in aout_args if a.startswith("--aout=")), "")
    if not asked or not names or asked in names:
        return None
    return f"--audio {asked}: libVLC has no such output (it has {', '.join(names)}): silent"
