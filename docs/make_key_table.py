"""The README's key table, from the key map the app uses (`player.keymap.markdown_table`).

.venv/bin/python docs/make_key_table.py           # print the table
.venv/bin/python docs/make_key_table.py --write   # rewrite it in README.md
.venv/bin/python docs/make_key_table.py --check   # exit 1 if README.md is out of date
.venv/bin/python docs/make_key_table.py --config ~/.config/caption-player/config.toml
                                                  # print it with your key remaps
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from player.config import ConfigError, load_config
from player.keymap import BINDING_IDS, markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- keys:start -->"
END = "<!-- keys:end -->"


def section(text: str) -> tuple[int, int]:
    """Start and end offsets of what lies between the two markers."""
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md needs {START} followed by {END}")
    return start + len(START), end


def current_table(text: str) -> str:
    """The table now between the markers."""
    start, end = section(text)
    return text[start:end].strip("\n")


def with_table(text: str, table: str) -> str:
    """`text` with `table` between the markers, nothing else changed."""
    start, end = section(text)
    return f"{text[:start]}\n{table}\n{text[end:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The README key table from the key map.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if README.md is out of date")
    parser.add_argument("--config", type=Path, help="print the table with this file's remaps")
    args = parser.parse_args(argv)
    if args.config is not None:
        try:
            config = load_config(args.config, binding_ids=BINDING_IDS)
        except ConfigError as exc:
            print(f"make_key_table: error: {exc}", file=sys.stderr)
            return 2
        print(markdown_table(keymap=config.keymap))
        return 0
    table = markdown_table()
    if not (args.write or args.check):
        print(table)
        return 0
    text = README.read_text(encoding="utf-8")
    if current_table(text) == table:
        return 0
    if args.check:
        print(f"{README.name}: key table out of date; run {Path(__file__).name} --write")
        return 1
    README.write_text(with_table(text, table), encoding="utf-8")
    print(f"{README.name}: key table rewritten ({len(table.splitlines()) - 2} keys)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
