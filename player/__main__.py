"""`python -m player`: the caption player."""

from player.cli import main

raise SystemExit(main())
