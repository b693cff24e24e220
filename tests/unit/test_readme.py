"""The README's key table is the app's key map, as `docs/make_key_table.py --write` makes it."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

from player.keymap import ALL_KEYS, markdown_table

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def key_table_module() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "docs" / "make_key_table.py"))


def test_readme_key_table_is_the_key_map() -> None:
    table = key_table_module()["current_table"](README.read_text(encoding="utf-8"))
    assert table == markdown_table(), "run: .venv/bin/python docs/make_key_table.py --write"


def test_every_key_is_a_row() -> None:
    rows = markdown_table().splitlines()[2:]
    assert len(rows) == len(ALL_KEYS)
    for key, row in zip(ALL_KEYS, rows, strict=True):
        assert key.description in row


def test_write_changes_only_the_section() -> None:
    module = key_table_module()
    text = "intro\n<!-- keys:start -->\nold\n<!-- keys:end -->\nrest\n"
    assert module["with_table"](text, "| new |") == (
        "intro\n<!-- keys:start -->\n| new |\n<!-- keys:end -->\nrest\n"
    )
