"""The ``program`` command: every plan and year at once, a what-if against its baseline, a reconciliation.

``tenncare-calc program FOLDER`` reads the program's tables from a folder (``rates``, ``plans`` and
optionally ``spans``, ``stays``, ``damages``, each ``.csv``, ``.json`` or ``.parquet``), or from
``--rates``, ``--plans``, ... files, and prints the program run. ``--compare`` prints the run with
its what-ifs (``--profile``, ``--set``) against a baseline run (``--baseline-profile``, the shipped
profile without what-ifs by default); ``--reconcile FILE`` prints someone else's figures checked
against the run, line by line. ``incentive ... --compare`` does the same for one plan-year
(:func:`_compare_arguments`, :func:`_baseline_profile`).
"""

from __future__ import annotations

__all__: list[str] = []

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenncare_calc.cli.bad_rows import _on_error_argument
from tenncare_calc.cli.input_options import (
    column_mapping,
    duplicates_argument,
    rate_scale_argument,
)
from tenncare_calc.cli.options import _date_option, bounded_int
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError

if TYPE_CHECKING:
    import argparse

    from tenncare_calc.cli.options import Context
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.explanation import Explainable

_TABLES = {
    "rates": (
        "the measures' rates: plan, measurement_year, measure, rate, baseline, current, "
        "percentile_75"
    ),
    "plans": (
        "the plan facts: plan, year, capitation, and optionally other_payments, "
        "operations_began, member_months, total_payments, data_through"
    ),
    "spans": (
        "enrollment spans: member_id, start_date, end_date, plan (member months of the "
        "plan-years whose facts leave member_months empty)"
    ),
    "stays": (
        "mental-health stays: member_id, admit_date, discharge_date, plan (the current "
        "community-tenure rate where the rates give only its baseline)"
    ),
    "damages": "liquidated-damages observations: plan, item and each item's fields",
}


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--compare",
        action="store_true",
        help="print this run (with its --profile and --set what-ifs) against a baseline run: "
        "per plan and measure, the baseline amount, the scenario amount, the change, and the "
        "measures whose qualification flips",
    )
    parser.add_argument(
        "--baseline-profile",
        default=None,
        metavar="PROFILE",
        help="the baseline of --compare: a shipped profile id or a profile TOML file (default: "
        "the shipped profile, without what-ifs)",
    )


def _baseline_profile(arguments: argparse.Namespace) -> ContractProfile:
    """Return the profile of ``--compare``'s baseline run."""
    from tenncare_calc.contract.loader import load_profile  # noqa: PLC0415 - not every command reads it

    return load_profile(arguments.baseline_profile)


def _program_arguments(parser: argparse.ArgumentParser) -> None:
    from tenncare_calc.enrollment import CONVENTIONS  # noqa: PLC0415 - only for the parser

    parser.add_argument(
        "folder",
        nargs="?",
        default=None,
        help="a folder holding rates and plans, and optionally spans, stays and damages "
        "(.csv, .json or .parquet each), e.g. the bundled tenncare_calc/data/samples/program",
    )
    for name, what in _TABLES.items():
        parser.add_argument(f"--{name}", metavar="FILE", help=f"{what} (replaces the folder's)")
    parser.add_argument(
        "--data-through",
        metavar="YYYY-MM-DD",
        help="the date the stays are complete through, for plan-years whose facts give none",
    )
    parser.add_argument(
        "--convention",
        choices=CONVENTIONS,
        default="prorated",
        help="member months from spans: prorated (default), any_day, first_of_month (MM1)",
    )
    parser.add_argument(
        "--window-days",
        type=bounded_int(-100_000, 100_000),
        metavar="DAYS",
        help="the community-tenure readmission window (default: the profile's, 30)",
    )
    parser.add_argument(
        "--per-element",
        action="store_true",
        default=None,
        help="Provider Information Accuracy: assess each failing data element (ruling L3)",
    )
    rate_scale_argument(parser)
    duplicates_argument(parser)
    _on_error_argument(parser)
    _compare_arguments(parser)
    parser.add_argument(
        "--reconcile",
        metavar="FILE",
        help="someone else's figures (columns plan, year, item, amount; the item a measure id, "
        "earned, payable, forfeited or a damage item): each line agrees, differs, or is only in "
        "theirs or only in ours, with the library's explanation of its figure",
    )


#: The program tables read row by row, whose lines are checked before the run.
_ROW_TABLES = ("rates", "plans", "damages")


def _check_lines(folder: str | None, tables: dict[str, str | None]) -> None:
    """Raise naming each line of a rates, plans or damages table that cannot be read as a row.

    The program reads its tables itself; a malformed line would reach it as a row of empty
    cells, so it is refused here, with its file and row, under either ``--on-error``.
    """
    from tenncare_calc.columnar import FORMATS, read_rows  # noqa: PLC0415 - when the command runs

    for name in _ROW_TABLES:
        path = tables.get(name)
        if path is None and folder is not None:
            found = [Path(folder) / f"{name}{suffix}" for suffix in FORMATS]
            path = next((str(p) for p in found if p.is_file()), None)
        if path is None or not Path(path).is_file():
            continue
        rows = read_rows(path)
        if rows.malformed:
            lines = [f"{rows.where(row)}: {reason}" for row, reason in rows.malformed[:50]]
            lines.append(
                f"{len(rows.malformed):,} line(s) of {Path(path).name} cannot be read as rows; "
                "a program run needs every line of its rates, plans and damages tables readable"
            )
            raise RejectedRowsError("\n".join(lines), field=name, rejected=rows.malformed[:50])


def _program(context: Context) -> Explainable:
    from tenncare_calc.program import (  # noqa: PLC0415 - imported when the command runs
        compare,
        program_from_folder,
        program_run,
        reconcile,
    )

    arguments = context.arguments
    if arguments.compare and arguments.reconcile is not None:
        raise InvalidInputError("give --compare or --reconcile, not both", field="compare")
    tables = {name: getattr(arguments, name) for name in _TABLES}
    options: dict[str, Any] = {
        "data_through": _date_option(arguments.data_through, "--data-through"),
        "convention": arguments.convention,
        "window_days": arguments.window_days,
        "per_element": arguments.per_element,
        "on_error": arguments.on_error,
        "rate_scale": arguments.rate_scale,
        "duplicates": arguments.duplicates,
        "columns": column_mapping(arguments, "program"),
    }
    if arguments.folder is None and (tables["rates"] is None or tables["plans"] is None):
        raise InvalidInputError(
            "give a folder of program tables, or at least --rates and --plans", field="folder"
        )

    _check_lines(arguments.folder, tables)

    def run(profile: ContractProfile) -> Any:  # noqa: ANN401 - a ProgramRun
        if arguments.folder is not None:
            return program_from_folder(arguments.folder, profile=profile, **tables, **options)
        rest = {name: path for name, path in tables.items() if name not in {"rates", "plans"}}
        return program_run(tables["rates"], tables["plans"], profile=profile, **rest, **options)

    result = run(context.profile)
    if arguments.compare:
        return compare(run(_baseline_profile(arguments)), result)
    if arguments.reconcile is not None:
        return reconcile(result, arguments.reconcile)
    return result  # type: ignore[no-any-return]
