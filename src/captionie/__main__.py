"""``python -m captionie``: the command line."""

import sys

from captionie.cli import main

if __name__ == "__main__":
    sys.exit(main())
