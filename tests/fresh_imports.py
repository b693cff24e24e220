"""Import modules in a fresh interpreter and report what got loaded, for the import-hygiene
tests (harlequin's tests/unit_tests/test_import_hygiene.py does the same for its core)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import importlib, json, pkgutil, sys
packages, extra, skip = json.loads(sys.argv[1])
names = list(extra)
for name in packages:
    package = importlib.import_module(name)
    names.append(name)
    names += [m.name for m in pkgutil.walk_packages(package.__path__, name + ".")]
for name in names:
    if name not in skip:
        importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""


@dataclass(frozen=True)
class ImportReport:
    """The modules a fresh interpreter imported, and all that `sys.modules` then held."""

    modules: list[str]
    loaded: list[str]

    def from_packages(self, forbidden: Sequence[str]) -> list[str]:
        """The loaded modules that belong to one of the `forbidden` top-level packages."""
        return [name for name in self.loaded if name.split(".")[0] in forbidden]


def import_everything(
    packages: Sequence[str], *, extra: Sequence[str] = (), skip: Sequence[str] = ()
) -> ImportReport:
    """Import every module of `packages` (walked), and `extra`, but not `skip`, in a fresh
    interpreter run from the project root."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps([list(packages), list(extra), list(skip)])],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    return ImportReport(report["modules"], report["loaded"])
