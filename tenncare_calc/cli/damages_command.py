"""The ``damages FILE --year YEAR`` command: a year's liquidated damages ledger from its observations.

The observations (CSV, JSON or Parquet) have a column ``item`` and the fields each item takes;
a bad row is named as ``file, row N: reason`` (see :mod:`~tenncare_calc.cli.bad_rows`). A line of
the file that cannot be split into cells is such a bad row, and so is an exact duplicate of an
earlier observation (``--duplicates reject``, the default): it would be charged twice.
"""

from __future__ import annotations

__all__: list[str] = []

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.cli.bad_rows import _on_error_argument, _rejected_rows_error
from tenncare_calc.cli.input_options import read_input
from tenncare_calc.cli.options import _money_option, _year_argument

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

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
    parser.add_argument(
        "--duplicates",
        choices=("reject", "keep"),
        default="reject",
        help="reject (default): an observation row equal in every field to an earlier one is "
        "rejected as its duplicate (it would be charged twice); keep: assess every row",
    )
    _on_error_argument(parser)


def _duplicates(rows: Sequence[Mapping[str, Any]], skip: Mapping[int, str]) -> dict[int, str]:
    """Return each row equal in every field to an earlier row, with the reason naming that row."""
    first: dict[tuple[tuple[str, str], ...], int] = {}
    found: dict[int, str] = {}
    for index, row in enumerate(rows):
        if index in skip or all(value is None for value in row.values()):
            continue
        key = tuple((name, repr(value)) for name, value in row.items())
        if key in first:
            found[index] = f"a duplicate of row {first[key] + 1} (every field equal)"
        else:
            first[key] = index
    return found


def _damages(context: Context) -> Explainable:
    from tenncare_calc.damages import damages_ledger  # noqa: PLC0415 - imported when used

    arguments = context.arguments
    total_payments = _money_option(arguments.total_payments, "--total-payments")
    profile = context.profile
    rows = read_input(context, "damages")
    rows.require_columns({"item"})
    bad = dict(rows.malformed)
    if arguments.duplicates == "reject":
        bad.update(_duplicates(rows.rows, bad))
    empty = dict.fromkeys(rows.columns)
    observations = [empty if index in bad else row for index, row in enumerate(rows.rows)]
    ledger = damages_ledger(
        arguments.year,
        observations,
        total_payments=total_payments,
        per_element=arguments.per_element,
        on_error="collect",
        profile=profile,
    )
    if bad:
        # a placeholder row is always rejected (it has no item); give it the file's reason
        rejected = [(row, bad.get(row, reason)) for row, reason in ledger.rejected]
        ledger = attrs.evolve(ledger, rejected=tuple(rejected))
    if ledger.rejected and arguments.on_error == "raise":
        raise _rejected_rows_error(ledger.rejected, rows.where, rows_in=len(rows.rows))
    return ledger
