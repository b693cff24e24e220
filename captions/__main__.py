"""`python -m captions`: the captions command line."""

import sys

from captions.cli import main

if __name__ == "__main__":
    sys.exit(main())
