"""Set-up in one command, standard library only: `python3 -m player.bootstrap play|test`.

Installs what is missing (Debian/Ubuntu packages through apt, a virtual environment in .venv
with the project), then plays the bundled talk or runs every check. A second run finds
everything in place and starts in about a second.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".caption-player-installed"
#: Debian packages for playback (video-output: the video window); tests also drive the app in
#: tmux, the video window under Xvfb, and speak test audio with espeak-ng.
RUNTIME_PACKAGES = ("libvlc5", "vlc-plugin-base", "vlc-plugin-video-output")
TEST_PACKAGES = ("tmux", "espeak-ng", "xvfb")


def say(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def fail(message: str) -> None:
    print(f"[setup] error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def missing_debs(packages: tuple[str, ...]) -> list[str]:
    """Packages dpkg does not list as installed."""
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def apt_install(packages: list[str]) -> None:
    """apt-get install, as root or through sudo (said first)."""
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            fail(
                f"missing {' '.join(packages)}; as root run: apt-get update && {' '.join(command)}"
            )
        prefix = ["sudo"]
        say(f"installing {' '.join(packages)} with sudo (you may be asked for your password)")
    else:
        say(f"installing {' '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], command):
        if subprocess.run([*prefix, *step], env=env, check=False).returncode != 0:
            fail(f"'{' '.join(step)}' failed; run it yourself, then run this command again")


def ensure_system(packages: tuple[str, ...]) -> None:
    """Install missing Debian packages (libvlc, python3-venv, tmux)."""
    if shutil.which("dpkg-query") is None:
        say(f"not a Debian/Ubuntu system: make sure these are installed: {' '.join(packages)}")
        return
    wanted = list(packages)
    if (
        not VENV.exists()
        and subprocess.run(
            [sys.executable, "-c", "import ensurepip, venv"], capture_output=True, check=False
        ).returncode
        != 0
    ):
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        wanted += [f"python{version}-venv"]
    missing = missing_debs(tuple(wanted))
    if missing:
        apt_install(missing)


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project into it, unless the stamp says it is current."""
    if not venv_python().exists():
        say(f"creating the virtual environment in {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    # A test install (with extras) also serves playing; a plain one does not serve tests.
    if installed[:1] == [digest] and (not extras or extras in installed[1:]):
        return
    say("installing caption-player and its Python dependencies (first run only)")
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=False)
    target = f".[{extras}]" if extras else "."
    if subprocess.run([*pip, "install", "-e", target], cwd=ROOT, check=False).returncode != 0:
        fail("pip install failed (see above); fix the cause and run this command again")
    STAMP.write_text(f"{digest} {extras}\n")


def run_tests(extra_args: list[str]) -> int:
    """Every check: ruff, mypy --strict, pytest."""
    bin_dir = VENV / "bin"
    steps = [
        [str(bin_dir / "ruff"), "check", "."],
        [str(bin_dir / "ruff"), "format", "--check", "."],
        [str(bin_dir / "mypy"), "--strict", "captions", "player"],
        [str(bin_dir / "pytest"), "-q", *extra_args],
    ]
    for step in steps:
        say("$ " + " ".join(Path(step[0]).name if i == 0 else part for i, part in enumerate(step)))
        code = subprocess.run(step, cwd=ROOT, check=False).returncode
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("play", "test", "setup"):
        print(
            "usage: python3 -m player.bootstrap play [caption-player args] | test [pytest args]"
            " | setup",
            file=sys.stderr,
        )
        return 2
    command, rest = argv[0], argv[1:]
    testing = command == "test"
    ensure_system(RUNTIME_PACKAGES + (TEST_PACKAGES if testing else ()))
    ensure_venv("test" if testing else "")
    if command == "setup":
        return 0
    if testing:
        return run_tests(rest)
    player = VENV / "bin" / "caption-player"
    os.execv(str(player), [str(player), *rest])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
