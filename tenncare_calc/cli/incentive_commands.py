"""The pay-for-performance commands: ``incentive FILE`` and ``demo`` (the bundled samples).

``incentive`` reads a plan-year file (TOML or JSON) or a rates table (CSV, JSON or Parquet, with
``--measurement-year``, ``--member-months`` and ``--capitation``) and returns the statement with
the cap; ``demo`` runs the main jobs on the bundled sample data.
"""

from __future__ import annotations

__all__: list[str] = []

import datetime as dt
from typing import TYPE_CHECKING

from tenncare_calc.cli.input_options import column_mapping, rate_scale_argument
from tenncare_calc.cli.options import _money_option, bounded_int
from tenncare_calc.cli.program_command import _baseline_profile, _compare_arguments
from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    import argparse

    from tenncare_calc.cli.options import Context
    from tenncare_calc.core.explanation import Explainable


def _demo(context: Context) -> Explainable:
    from tenncare_calc.demo import demo  # noqa: PLC0415 - imported when the demo runs

    return demo(profile=context.profile)


def _incentive_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="a plan-year file (.toml, .json) or a table of the measures' rates "
        "(.csv, .json list, .parquet: columns measure, rate, baseline, current, percentile_75)",
    )
    parser.add_argument(
        "--measurement-year", type=bounded_int(1900, 9998), metavar="YEAR", help="e.g. 2008"
    )
    parser.add_argument("--member-months", metavar="N", help="member months of that year")
    parser.add_argument("--capitation", metavar="DOLLARS", help="the payment year's capitation")
    parser.add_argument("--other-payments", metavar="DOLLARS", help="other payments that year")
    parser.add_argument(
        "--operations-began", metavar="YYYY-MM-DD", help="when the contractor began operating"
    )
    rate_scale_argument(parser)
    _compare_arguments(parser)


def _incentive(context: Context) -> Explainable:
    from tenncare_calc.p4p import incentive_statement, plan_year_inputs  # noqa: PLC0415 - when run

    arguments = context.arguments
    began = arguments.operations_began
    if began is not None:
        try:
            began = dt.date.fromisoformat(began)
        except ValueError:
            raise InvalidInputError(
                f"--operations-began must be a date such as 2007-04-01 (got {began!r})",
                field="operations_began",
                value=began,
            ) from None
    overrides = {
        "measurement_year": arguments.measurement_year,
        "member_months": _money_option(arguments.member_months, "--member-months"),
        "capitation": _money_option(arguments.capitation, "--capitation"),
        "other_payments": _money_option(arguments.other_payments, "--other-payments"),
        "operations_began": began,
    }
    profile = context.profile
    table = {
        "columns": column_mapping(arguments, "incentive"),
        "rate_scale": arguments.rate_scale,
    }
    with context.read_progress(arguments.file) as progress:
        inputs = plan_year_inputs(
            arguments.file,
            overrides=overrides,
            profile=profile,
            progress=progress.advance,
            **table,
        )
    year = inputs.pop("measurement_year")
    statement = incentive_statement(year, profile=profile, **inputs)
    if not arguments.compare:
        return statement
    from tenncare_calc.program import compare  # noqa: PLC0415 - imported for --compare only

    baseline = _baseline_profile(arguments)
    given = plan_year_inputs(arguments.file, overrides=overrides, profile=baseline, **table)
    given.pop("measurement_year")
    return compare(incentive_statement(year, profile=baseline, **given), statement)
