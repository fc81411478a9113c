"""The ``damages FILE --year YEAR`` command: a year's liquidated damages ledger from its observations.

The observations (CSV, JSON or Parquet) have a column ``item`` and the fields each item takes;
every row, in the ledger's parts, its explanation and its errors, is numbered by its line in the
file, the header being line 1: a bad row is named as ``file, line N: reason`` (see
:mod:`~tenncare_calc.cli.bad_rows`). A line of the file that cannot be split into cells is such a
bad row, and so is an exact duplicate of an earlier observation (``--duplicates reject``, the
default): it would be charged twice.
"""

from __future__ import annotations

__all__: list[str] = []

from typing import TYPE_CHECKING

from tenncare_calc.cli.bad_rows import _on_error_argument, _rejected_rows_error
from tenncare_calc.cli.input_options import duplicates_argument, read_input
from tenncare_calc.cli.options import _money_option, _year_argument

if TYPE_CHECKING:
    import argparse

    from tenncare_calc.cli.options import Context
    from tenncare_calc.core.explanation import Explainable


def _damages_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="the year's observations (.csv, .json list, .parquet): column item and the fields "
        "each item takes (see the liquidated damages page of the documentation)",
    )
    _year_argument(parser, "the ledger's calendar year, e.g. 2008")
    parser.add_argument(
        "--total-payments",
        metavar="DOLLARS",
        help="the State's total payments under the Agreement, checked against the maximum "
        "liability (§3.12.1.1)",
    )
    parser.add_argument(
        "--per-element",
        action="store_true",
        default=None,
        help="Provider Information Accuracy: assess each failing data element, not the worst "
        "element once (ruling L3)",
    )
    duplicates_argument(parser)
    _on_error_argument(parser)


def _damages(context: Context) -> Explainable:
    from tenncare_calc.damages import damages_ledger  # noqa: PLC0415 - imported when used

    arguments = context.arguments
    total_payments = _money_option(arguments.total_payments, "--total-payments")
    profile = context.profile
    rows = read_input(context, "damages")
    rows.require_columns({"item"})
    ledger = damages_ledger(
        arguments.year,
        rows,
        duplicates=arguments.duplicates,
        total_payments=total_payments,
        per_element=arguments.per_element,
        on_error="collect",
        profile=profile,
    )
    ledger = ledger.renumbered(rows.number)
    if ledger.rejected and arguments.on_error == "raise":
        raise _rejected_rows_error(ledger.rejected, rows.source, rows_in=len(rows.rows))
    return ledger
