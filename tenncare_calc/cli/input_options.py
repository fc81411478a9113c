"""How a command reads its input table: ``--columns``, ``--columns-file``, ``--excel-dates``.

* ``--columns NAME=SOURCE,...`` (repeatable) reads the file's column SOURCE as the library's
  column NAME, such as ``--columns member_id=MEMBER_ID,start_date=EFF_DATE``. An unknown NAME is
  an error listing the command's column names; a SOURCE the file does not have is an error listing
  the file's columns.
* ``--columns-file FILE`` gives the same mapping in a file: a TOML file of ``NAME = "SOURCE"``
  lines, or a CSV file with the header ``name,column`` and one mapping per row. ``--columns``
  pairs replace the file's for the same NAME.
* ``--excel-dates`` says the file's date columns hold Excel serial day numbers (``39452`` for
  2008-01-05; a fraction is the time of day). They are never guessed.

Each command's column names (:data:`INPUT_COLUMNS`) and date columns (:data:`DATE_COLUMNS`) are
listed here; ``tests/test_messy_files.py`` checks them against the bundled samples.
"""

from __future__ import annotations

__all__ = ["DATE_COLUMNS", "INPUT_COLUMNS"]

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from tenncare_calc.cli.options import Context
    from tenncare_calc.columnar import InputRows

_TIMELINESS = (
    "appointment_id", "service_code", "requested_at", "appointment_at", "urgency",
    "detoxification", "admission",
)  # fmt: skip
_TRIPS = (
    "trip_id", "requested_at", "pickup_at", "urban", "accommodated", "exemption", "decided_at",
    "sent_at", "service_date", "close_of_business", "notified_at", "informed_during_call",
)  # fmt: skip
_DAMAGES = (
    "item", "reference", "date", "start", "end", "amount_paid", "due", "received", "count",
    "month", "quarter", "unmet", "standards_met", "confirmed_percent",
    "incorrect_percent_by_element", "corrective_action_plan", "waived", "shortage_waiver",
)  # fmt: skip
_CLAIMS = (
    "claim_id", "pricing_method", "billed_amount", "stop_loss_threshold", "service_code",
    "no_medicare_method", "procedure_code", "encounters", "paid",
)  # fmt: skip

#: The column names each command reads (the library's names, which ``--columns`` maps to).
INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "incentive": ("measure", "rate", "baseline", "current", "percentile_75"),
    "damages": _DAMAGES,
    "member-months": ("member_id", "start_date", "end_date", "plan"),
    "community-tenure": ("member_id", "admit_date", "discharge_date", "plan"),
    "access timeliness": _TIMELINESS,
    "access distance": (
        "member_id",
        "service_code",
        "distance_miles",
        "rural",
        "placement_approved",
    ),
    "nemt lead-time": _TRIPS,
    "nemt decision": _TRIPS,
    "nemt manifest": _TRIPS,
    "nemt notification": _TRIPS,
    "nemt exclusions": ("claim_id", "category", "mode", "hcbs_waiver_service"),
    "nemt minor-denials": (
        "denial_id",
        "member_age",
        "reason",
        "mental_health_service",
        "blanket_policy",
    ),
    "claims percent-of-billed": _CLAIMS,
    "claims global-obstetric": _CLAIMS,
}
#: The program reads its rates, plans, spans, stays and damages tables with one mapping, applied
#: to each table that has the source column (``program_run(columns=)``).
INPUT_COLUMNS["program"] = tuple(
    dict.fromkeys(
        (
            "plan", "year", "measurement_year", "capitation", "other_payments",
            "operations_began", "member_months", "total_payments", "data_through",
            *INPUT_COLUMNS["incentive"], *INPUT_COLUMNS["member-months"],
            *INPUT_COLUMNS["community-tenure"], *_DAMAGES,
        )
    )
)  # fmt: skip

#: The date (or date and time) columns of each command, which ``--excel-dates`` converts.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "damages": ("date", "start", "end", "due", "received"),
    "member-months": ("start_date", "end_date"),
    "community-tenure": ("admit_date", "discharge_date"),
    "access timeliness": ("requested_at", "appointment_at"),
    "nemt lead-time": ("requested_at", "pickup_at"),
    "nemt decision": ("requested_at", "decided_at", "pickup_at"),
    "nemt manifest": ("sent_at", "service_date"),
    "nemt notification": ("requested_at", "service_date", "notified_at", "pickup_at"),
}


def _input_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    """Add ``--columns``, ``--columns-file`` and (for a command with dates) ``--excel-dates``."""
    names = ", ".join(INPUT_COLUMNS[command])
    parser.add_argument(
        "--columns",
        action="append",
        default=[],
        metavar="NAME=SOURCE,...",
        help=f"read the file's column SOURCE as NAME (repeatable); NAME is one of {names}",
    )
    parser.add_argument(
        "--columns-file",
        metavar="FILE",
        help='the --columns mapping in a file: TOML (NAME = "SOURCE" lines) or CSV (header '
        "name,column)",
    )
    if command in DATE_COLUMNS:
        parser.add_argument(
            "--excel-dates",
            action="store_true",
            help="the date columns ("
            + ", ".join(DATE_COLUMNS[command])
            + ") hold Excel serial day numbers (never guessed)",
        )


def _mapping_file(path: str) -> dict[str, str]:
    source = Path(path)
    try:
        data = source.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as error:
        raise InvalidInputError(
            f"--columns-file {path}: cannot be read ({error.strerror})", field="columns_file"
        ) from None
    except ValueError:  # a NUL character: no file can have that name
        raise InvalidInputError(
            f"--columns-file {path!r} is not a file name", field="columns_file", value=path
        ) from None
    except UnicodeDecodeError:
        raise InvalidInputError(
            f"--columns-file {path}: not UTF-8 text", field="columns_file", value=path
        ) from None
    if source.suffix.lower() == ".csv":
        rows = list(csv.reader(text.splitlines()))
        if not rows or [cell.strip() for cell in rows[0]] != ["name", "column"]:
            raise InvalidInputError(
                f"--columns-file {path}: a CSV mapping has the header name,column",
                field="columns_file",
                value=path,
            )
        pairs = [row for row in rows[1:] if any(cell.strip() for cell in row)]
        if bad := [row for row in pairs if len(row) != 2]:  # noqa: PLR2004 - name and column
            raise InvalidInputError(
                f"--columns-file {path}: each row is name,column (got {bad[0]})",
                field="columns_file",
                value=path,
            )
        return {name.strip(): column.strip() for name, column in pairs}
    import tomllib  # noqa: PLC0415 - only for --columns-file: not every run's start

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            f"--columns-file {path}: not TOML ({error}); give a .toml or a .csv mapping",
            field="columns_file",
            value=path,
        ) from None
    if bad_value := next((k for k, v in table.items() if not isinstance(v, str)), None):
        raise InvalidInputError(
            f"--columns-file {path}: {bad_value} must be the name of the file's column, in quotes",
            field="columns_file",
            value=path,
        )
    return {str(name): str(column) for name, column in table.items()}


def column_mapping(arguments: argparse.Namespace, command: str) -> dict[str, str] | None:
    """Return the ``--columns`` / ``--columns-file`` mapping (None when neither is given)."""
    pairs: Sequence[str] = getattr(arguments, "columns", None) or []
    path = getattr(arguments, "columns_file", None)
    if not pairs and path is None:
        return None
    mapping = {} if path is None else _mapping_file(path)
    for given in pairs:
        for pair in given.split(","):
            if not pair.strip():
                continue
            name, sep, source = pair.partition("=")
            if not sep or not name.strip() or not source.strip():
                raise InvalidInputError(
                    "--columns takes NAME=SOURCE pairs separated by commas, such as "
                    f"member_id=MEMBER_ID (got {pair!r})",
                    field="columns",
                    value=pair,
                )
            mapping[name.strip()] = source.strip()
    carried = [n.strip() for given in getattr(arguments, "carry", []) for n in given.split(",")]
    valid = (*INPUT_COLUMNS[command], *(name for name in carried if name))
    if unknown := sorted(set(mapping) - set(valid)):
        raise InvalidInputError(
            f"--columns: {unknown[0]!r} is not a column of {command}; the columns are "
            f"{', '.join(valid)}",
            field="columns",
            value=unknown[0],
        )
    return mapping


def excel_date_columns(arguments: argparse.Namespace, command: str) -> tuple[str, ...]:
    """Return the columns ``--excel-dates`` converts (none when it is not given)."""
    return DATE_COLUMNS.get(command, ()) if getattr(arguments, "excel_dates", False) else ()


def read_input(context: Context, command: str) -> InputRows:
    """Return the rows of the command's FILE, with its column mapping and Excel dates applied."""
    from tenncare_calc.columnar import read_rows  # noqa: PLC0415 - the columnar layer, lazily

    arguments = context.arguments
    mapping = column_mapping(arguments, command)
    with context.read_progress(arguments.file) as progress:
        return read_rows(
            arguments.file,
            columns=mapping,
            excel_dates=excel_date_columns(arguments, command),
            progress=progress.advance,
        )


def rate_scale_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--rate-scale`` (how a rates table writes its rates; :mod:`tenncare_calc.p4p.rate_scale`)."""
    parser.add_argument(
        "--rate-scale",
        choices=("percent", "fraction"),
        default="percent",
        help="percent (default): rates are percentages (58.2); fraction: they are fractions as a "
        "spreadsheet exports a percent cell (0.582), multiplied by 100 exactly",
    )


def duplicates_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--duplicates`` (exact duplicate observations; :mod:`tenncare_calc.damages.duplicates`)."""
    parser.add_argument(
        "--duplicates",
        choices=("reject", "keep"),
        default="reject",
        help="reject (default): an observation row equal in every field to an earlier one is "
        "rejected as its duplicate (it would be charged twice); keep: assess every row",
    )
