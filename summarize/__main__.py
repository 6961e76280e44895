"""``python -m summarize``: see ``summarize.cli``."""

from .cli import main

raise SystemExit(main())
