"""Entry point of the bundled app: the same `thidua` command line (and desktop app) as a pip install."""

import sys

from thidua.cli import main

if __name__ == "__main__":
    sys.exit(main())
