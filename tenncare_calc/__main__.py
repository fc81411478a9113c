"""Run the command line as ``python -m tenncare_calc``."""

from tenncare_calc.cli import main

raise SystemExit(main())
