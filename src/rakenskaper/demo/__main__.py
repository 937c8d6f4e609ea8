"""``python -m rakenskaper.demo generate``: the same as ``rakenskaper-demo generate``."""

import sys

from rakenskaper.demo.cli import main

sys.exit(main())
