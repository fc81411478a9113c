"""The ``tenncare-calc`` command line.

Subcommands:

* ``demo`` - the main jobs on bundled sample data: a plan-year's pay-for-performance statement with
  the cap, a year's liquidated damages ledger, member months and community tenure.
* ``incentive FILE`` - the statement for a plan-year file (TOML or JSON) or a rates table (CSV,
  JSON or Parquet) with ``--measurement-year``, ``--member-months`` and ``--capitation``.
* ``damages FILE --year YEAR`` - the year's liquidated damages ledger from its observations (CSV,
  JSON or Parquet).
* ``member-months FILE --year YEAR`` - member months from enrollment spans (CSV, JSON, Parquet).
* ``community-tenure FILE --year YEAR --data-through DATE`` - the community-tenure rate from
  inpatient mental-health stays (CSV, JSON, Parquet).
* ``access timeliness FILE`` and ``access distance FILE`` - Attachment V findings, one per row of
  a table of appointments or of distances (CSV, JSON or Parquet; the ``data`` extra).
* ``nemt lead-time FILE``, ``nemt decision FILE`` and ``nemt manifest FILE`` - Attachment XI
  findings, one per trip.
* ``profile show`` - the contract profile with citations.

Every subcommand takes ``--profile`` (a shipped id or a TOML file), ``--set NAME=VALUE`` what-if
overrides, ``--format table|text|json|csv|markdown|xlsx`` (``table``: aligned text tables, the
default; ``text``: the full ``explain()`` trace with every citation), ``--part`` (one part of the
result), ``--output FILE`` and ``--no-progress``. Exit status 0 on success, 2 on bad input, with
the file, row and reason on standard error and never a traceback for a user's mistake.

Each subcommand is a :class:`Command`: a name, its help, a function adding its own arguments and a
function returning the result to print (anything with ``explain()`` and ``to_dict()``; results
with ``tables()`` also print as tables, CSV and Markdown). A new capability is one more entry in
:data:`COMMANDS` (see ``docs/developers.md``).

The names below are importable from ``tenncare_calc.cli``, whichever module defines them: the
shared :class:`Context` and options (:mod:`~tenncare_calc.cli.options`), the commands by area
(the ``*_command(s)`` modules, gathered in :mod:`~tenncare_calc.cli.commands`), the output
(:mod:`~tenncare_calc.cli.output`), and the parser with :func:`main`
(:mod:`~tenncare_calc.cli.entry_point`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.cli.commands import COMMANDS
    from tenncare_calc.cli.entry_point import (
        EXIT_BAD_INPUT,
        EXIT_OK,
        main,
    )
    from tenncare_calc.cli.options import (
        Command,
        Context,
    )


__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_OK", "Command", "Context", "main"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "COMMANDS": "tenncare_calc.cli.commands",
        "EXIT_BAD_INPUT": "tenncare_calc.cli.entry_point",
        "EXIT_OK": "tenncare_calc.cli.entry_point",
        "main": "tenncare_calc.cli.entry_point",
        "Command": "tenncare_calc.cli.options",
        "Context": "tenncare_calc.cli.options",
    },
)
