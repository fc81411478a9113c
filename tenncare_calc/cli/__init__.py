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
"""

from __future__ import annotations

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_OK", "Command", "Context", "main"]

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from tenncare_calc.cli.progress import Progress
from tenncare_calc.columnar import (
    MAX_ERROR_ROWS,
    ON_ERROR_CHOICES,
    read_columns,
    read_rows,
    rejected_rows,
)
from tenncare_calc.compliance import (
    access_distance_table,
    access_timeliness_table,
    decision_time_table,
    request_lead_time_table,
    trip_manifest_table,
)
from tenncare_calc.contract.calendar import load_holiday_calendar
from tenncare_calc.contract.loader import load_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    RejectedRowsError,
    TennCareError,
    require,
)
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.p4p import incentive_statement, plan_year_inputs

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tenncare_calc.columnar import Column as InputColumn
    from tenncare_calc.columnar import InputColumns
    from tenncare_calc.compliance import FindingsTable
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.explanation import Explainable
    from tenncare_calc.enrollment import CommunityTenure, MemberMonths

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
FORMATS = ("table", "text", "json", "csv", "markdown", "xlsx")
#: How many bad rows the command line names on standard error before summing up the rest.
QUOTED_ROWS = 50


# --------------------------------------------------------------------------------------------------
# What every command shares


@attrs.frozen
class Context:
    """What a command's function gets besides its arguments: the profile and a progress maker."""

    arguments: argparse.Namespace
    stderr: TextIO

    @property
    def profile(self) -> ContractProfile:
        """Return the profile chosen with ``--profile`` and ``--set``."""
        return load_profile(self.arguments.profile, overrides=_overrides(self.arguments.set))

    def progress(self, label: str, *, total: int | None = None, unit: str = "") -> Progress:
        """Return a progress indicator on standard error (off when it is not a terminal)."""
        enabled = False if self.arguments.no_progress else None
        try:
            delay = float(os.environ.get("TENNCARE_CALC_PROGRESS_DELAY", "0.5"))
        except ValueError:
            delay = 0.5
        return Progress(
            label, total=total, unit=unit, stream=self.stderr, enabled=enabled, delay=delay
        )

    def read_progress(self, path: str | Path) -> Progress:
        """Return a progress indicator for reading the file at ``path``, sized by the file."""
        source = Path(path)
        size = source.stat().st_size if source.is_file() else None
        return self.progress(f"reading {source.name}", total=size, unit="bytes")


@attrs.frozen
class Command:
    """One subcommand: ``words`` (``("profile", "show")``), help, arguments, and what it returns."""

    words: tuple[str, ...]
    help: str
    run: Callable[[Context], Explainable]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda _parser: None


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise TennCareError(
                f"--set takes NAME=VALUE, such as p4p.pmpm_amount=0.04 (got {pair!r})"
            )
        overrides[name.strip()] = value.strip()
    return overrides


# --------------------------------------------------------------------------------------------------
# The commands


def _demo(context: Context) -> Explainable:
    from tenncare_calc.demo import demo  # noqa: PLC0415 - imported when the demo runs

    return demo(profile=context.profile)


def _rejected_rows_error(
    rejected: Sequence[tuple[int, str]], where: Callable[[int], str], *, rows_in: int
) -> RejectedRowsError:
    """Return the error naming each bad row as ``file, row N: reason`` (rows counted from 1).

    The first :data:`QUOTED_ROWS` are named, the rest counted; a last line says how many of the
    input's rows could not be used and how to go on.
    """
    count = len(rejected)
    lines = [f"{where(row)}: {reason}" for row, reason in rejected[:QUOTED_ROWS]]
    if count > len(lines):
        lines.append(f"... and {count - len(lines):,} more bad row(s)")
    lines.append(
        f"{count:,} of {rows_in:,} rows cannot be used; fix them, or use --on-error collect to "
        "compute with the valid rows and list the bad ones in the 'rejected' part"
    )
    return RejectedRowsError(
        "\n".join(lines), field="file", rejected=tuple(rejected[:MAX_ERROR_ROWS])
    )


def _year_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--year", type=int, required=True, metavar="YEAR", help=what)


def _on_error_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on-error",
        choices=ON_ERROR_CHOICES,
        default="raise",
        help="raise (default): any bad row is an error naming each bad row (exit 2); collect: "
        "compute with the valid rows and list the bad ones in the 'rejected' part",
    )


def _date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{option} must be a date written YYYY-MM-DD, such as 2009-03-31 (got {value!r})",
            field=option.lstrip("-").replace("-", "_"),
            value=value,
        ) from None


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
    _on_error_argument(parser)


def _damages(context: Context) -> Explainable:
    from tenncare_calc.damages import damages_ledger  # noqa: PLC0415 - imported when used

    arguments = context.arguments
    with context.read_progress(arguments.file) as progress:
        rows = read_rows(arguments.file, progress=progress.advance)
    rows.require_columns({"item"})
    ledger = damages_ledger(
        arguments.year,
        rows.rows,
        total_payments=arguments.total_payments,
        per_element=arguments.per_element,
        on_error="collect",
        profile=context.profile,
    )
    if ledger.rejected and arguments.on_error == "raise":
        raise _rejected_rows_error(ledger.rejected, rows.where, rows_in=len(rows.rows))
    return ledger


def _read_batch(context: Context, path: str, columns: Sequence[InputColumn]) -> InputColumns:
    with context.read_progress(path) as progress:
        batch = read_columns(path, progress=progress.advance)
    batch.require_columns({column.name for column in columns if column.required})
    return batch


def _settle_rows(
    result: MemberMonths | CommunityTenure, batch: InputColumns, on_error: str
) -> MemberMonths | CommunityTenure:
    """Return ``result`` with its rejected rows as rows of the file, or raise them (exit 2).

    The computation ran on the rows the file could be split into; rows with the wrong number of
    cells are added to its rejected rows, and every row number is the file's (0-based).
    """
    import pyarrow as pa  # noqa: PLC0415 - present: the file was read with it

    file_rows = batch.file_rows()
    rejected = [
        (int(file_rows[row]), str(reason))
        for row, reason in zip(
            result.rejected.column("row").to_pylist(),
            result.rejected.column("reason").to_pylist(),
            strict=True,
        )
    ]
    rejected = sorted([*rejected, *batch.malformed])
    if rejected and on_error == "raise":
        raise _rejected_rows_error(rejected, batch.where, rows_in=batch.rows_in)
    table = pa.table(
        {
            "row": pa.array([row for row, _ in rejected], pa.int64()),
            "reason": pa.array([reason for _, reason in rejected], pa.large_string()),
        }
    )
    return attrs.evolve(result, rows_in=batch.rows_in, rejected=table)


def _member_months_arguments(parser: argparse.ArgumentParser) -> None:
    from tenncare_calc.enrollment import CONVENTIONS  # noqa: PLC0415 - only for the parser

    parser.add_argument(
        "file",
        help="enrollment spans (.csv, .json list, .parquet): columns member_id, start_date, "
        "end_date (empty: open-ended)",
    )
    _year_argument(parser, "the calendar year whose member months are counted, e.g. 2008")
    parser.add_argument(
        "--convention",
        choices=CONVENTIONS,
        default="prorated",
        help="prorated (default): member days / days in the month; any_day; first_of_month "
        "(ruling MM1)",
    )
    _on_error_argument(parser)


def _member_months(context: Context) -> Explainable:
    from tenncare_calc.enrollment import SPAN_COLUMNS, member_months  # noqa: PLC0415

    arguments = context.arguments
    batch = _read_batch(context, arguments.file, SPAN_COLUMNS)
    result = member_months(
        batch.data, year=arguments.year, convention=arguments.convention, on_error="collect"
    )
    return _settle_rows(result, batch, arguments.on_error)


def _community_tenure_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="inpatient mental-health stays (.csv, .json list, .parquet): columns member_id, "
        "admit_date, discharge_date (empty: still in hospital), and optionally plan",
    )
    _year_argument(parser, "the measurement year: index episodes are discharged in it")
    parser.add_argument(
        "--data-through",
        required=True,
        metavar="YYYY-MM-DD",
        help="the date the stays are complete through; an index episode whose window ends "
        "after it is incomplete and excluded (ruling P7)",
    )
    parser.add_argument(
        "--window-days",
        type=int,
        metavar="DAYS",
        help="days after discharge within which an admission is a readmission (default: the "
        "profile's p4p.community_tenure_window_days, 30)",
    )
    _on_error_argument(parser)


def _community_tenure(context: Context) -> Explainable:
    from tenncare_calc.enrollment import STAY_COLUMNS, community_tenure  # noqa: PLC0415

    arguments = context.arguments
    through = _date_option(arguments.data_through, "--data-through")
    assert through is not None  # noqa: S101 - argparse requires --data-through
    window = arguments.window_days
    if window is None:
        window = context.profile.value("p4p.community_tenure_window_days", int)
    batch = _read_batch(context, arguments.file, STAY_COLUMNS)
    result = community_tenure(
        batch.data,
        year=arguments.year,
        data_through=through,
        window_days=window,
        on_error="collect",
    )
    return _settle_rows(result, batch, arguments.on_error)


def _incentive_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="a plan-year file (.toml, .json) or a table of the measures' rates "
        "(.csv, .json list, .parquet: columns measure, rate, baseline, current, percentile_75)",
    )
    parser.add_argument("--measurement-year", type=int, metavar="YEAR", help="e.g. 2008")
    parser.add_argument("--member-months", metavar="N", help="member months of that year")
    parser.add_argument("--capitation", metavar="DOLLARS", help="the payment year's capitation")
    parser.add_argument("--other-payments", metavar="DOLLARS", help="other payments that year")
    parser.add_argument(
        "--operations-began", metavar="YYYY-MM-DD", help="when the contractor began operating"
    )


def _incentive(context: Context) -> Explainable:
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
        "member_months": arguments.member_months,
        "capitation": arguments.capitation,
        "other_payments": arguments.other_payments,
        "operations_began": began,
    }
    profile = context.profile
    with context.read_progress(arguments.file) as progress:
        inputs = plan_year_inputs(
            arguments.file, overrides=overrides, profile=profile, progress=progress.advance
        )
    year = inputs.pop("measurement_year")
    return incentive_statement(year, profile=profile, **inputs)


def _profile_show(context: Context) -> Explainable:
    return context.profile


# --------------------------------------------------------------------------------------------------
# Compliance checks over a table in a file: access (Attachment V) and nemt (Attachment XI)


def _checks_arguments(
    what: str, columns: str, *, on: bool = False, holidays: bool = False
) -> Callable[[argparse.ArgumentParser], None]:
    """Return the function adding a compliance command's arguments: FILE and --on-error."""

    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "file", help=f"a table of {what} (.csv, .json list, .parquet) with {columns}"
        )
        _on_error_argument(parser)
        parser.add_argument(
            "--carry",
            metavar="COLUMN",
            action="append",
            default=[],
            help="an input column to carry into the findings, such as an appointment or trip id "
            "(repeat, or separate names with commas)",
        )
        if holidays:
            parser.add_argument(
                "--holidays",
                metavar="FILE.toml",
                help="the holiday calendar for business days, in the format of the shipped "
                "tennessee.toml (default: Tennessee state holidays, ruling D1)",
            )
        if on:
            parser.add_argument(
                "--on",
                metavar="YYYY-MM-DD",
                help="the date whose Attachment V table applies (default: the latest)",
            )

    return add


def _numbered_from_one(findings: FindingsTable) -> FindingsTable:
    """Return ``findings`` with input rows numbered from 1, as the command line's messages are."""
    pc = require("pyarrow.compute", extra="data", purpose="numbering findings")
    arrow, rejected = findings.arrow, findings.rejected
    arrow = arrow.set_column(
        arrow.schema.get_field_index("row"), "row", pc.add(arrow.column("row"), 1)
    )
    rejected = rejected.set_column(
        rejected.schema.get_field_index("row"), "row", pc.add(rejected.column("row"), 1)
    )
    return attrs.evolve(findings, arrow=arrow, rejected=rejected)


def _check_file(
    context: Context,
    check: Callable[..., FindingsTable],
    *,
    command: str,
    **options: object,
) -> FindingsTable:
    """Return the findings of ``check`` over the rows of the command's FILE (rows from 1).

    The rows are always collected first, so that with ``--on-error raise`` every bad row is
    named (``file, row N: reason``), not only the first few.
    """
    purpose = f"the {command} command"
    require("pyarrow", extra="data", purpose=purpose)
    require("numpy", extra="data", purpose=purpose)
    arguments = context.arguments
    profile = context.profile
    with context.read_progress(arguments.file) as progress:
        rows = read_rows(arguments.file, progress=progress.advance)
    columns = {name: [row[name] for row in rows.rows] for name in rows.columns}
    carry = [name.strip() for given in arguments.carry for name in given.split(",") if name.strip()]
    try:
        findings = check(columns, profile=profile, on_error="collect", carry=carry, **options)
    except RejectedRowsError:
        raise
    except (InvalidInputError, InvalidTypeError) as error:
        # the file's columns are wrong (missing, or of a type that cannot hold them): name it
        raise InvalidInputError(
            f"{rows.source}: {error}", field="file", value=rows.source
        ) from None
    if arguments.on_error == "raise" and findings.rejected.num_rows:
        raise _rejected_rows_error(
            rejected_rows(findings.rejected), rows.where, rows_in=len(rows.rows)
        )
    return _numbered_from_one(findings)


def _access_timeliness(context: Context) -> Explainable:
    path = context.arguments.holidays
    holidays = None if path is None else load_holiday_calendar(path)
    return _check_file(context, access_timeliness_table, command="access", holidays=holidays)


def _access_distance(context: Context) -> Explainable:
    on = _date_option(context.arguments.on, "--on")
    return _check_file(context, access_distance_table, command="access", on=on)


def _nemt_lead_time(context: Context) -> Explainable:
    return _check_file(context, request_lead_time_table, command="nemt")


def _nemt_decision(context: Context) -> Explainable:
    return _check_file(context, decision_time_table, command="nemt")


def _nemt_manifest(context: Context) -> Explainable:
    return _check_file(context, trip_manifest_table, command="nemt")


#: Every subcommand, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command(
        ("demo",),
        "the bundled samples: a plan-year's statement with the cap, a year's damages ledger, "
        "member months and community tenure",
        _demo,
    ),
    Command(
        ("incentive",),
        "the pay-for-performance statement of a plan-year file or rates table",
        _incentive,
        _incentive_arguments,
    ),
    Command(
        ("damages",),
        "a year's liquidated damages ledger from its observations",
        _damages,
        _damages_arguments,
    ),
    Command(
        ("member-months",),
        "member months of a calendar year from enrollment spans",
        _member_months,
        _member_months_arguments,
    ),
    Command(
        ("community-tenure",),
        "the community-tenure (30-day readmission) rate from mental-health stays",
        _community_tenure,
        _community_tenure_arguments,
    ),
    Command(
        ("access", "timeliness"),
        "time from request to appointment against Attachment V, one finding per appointment",
        _access_timeliness,
        _checks_arguments(
            "appointments",
            "the columns service_code, requested_at, appointment_at (YYYY-MM-DD[ HH:MM]) and "
            "optionally urgency (routine/urgent/emergency), detoxification (yes/no), admission "
            "(voluntary/involuntary)",
            holidays=True,
        ),
    ),
    Command(
        ("access", "distance"),
        "distance to a provider against Attachment V, one finding per row",
        _access_distance,
        _checks_arguments(
            "distances",
            "the columns service_code, distance_miles and optionally rural, "
            "placement_approved (yes/no)",
            on=True,
        ),
    ),
    Command(
        ("nemt", "lead-time"),
        "NEMT requests against the 72-hour / 3-hour / 4-hour lead times (Attachment XI A.3.2)",
        _nemt_lead_time,
        _checks_arguments(
            "trips",
            "the columns requested_at, pickup_at (YYYY-MM-DD HH:MM), urban, accommodated "
            "(yes/no) and optionally exemption (urgent/provider_change/follow_up)",
        ),
    ),
    Command(
        ("nemt", "decision"),
        "NEMT decisions within 24 hours and before the pick-up (Attachment XI A.5.1.3)",
        _nemt_decision,
        _checks_arguments(
            "trips",
            "the columns requested_at, decided_at and optionally pickup_at (YYYY-MM-DD HH:MM)",
        ),
    ),
    Command(
        ("nemt", "manifest"),
        "NEMT trip manifests by the provider's close of business the day before (A.5.5.1)",
        _nemt_manifest,
        _checks_arguments(
            "trips",
            "the columns sent_at (YYYY-MM-DD HH:MM), service_date (YYYY-MM-DD) and "
            "close_of_business (HH:MM)",
        ),
    ),
    Command(
        ("profile", "show"),
        "every parameter of the contract profile with its value, citation and term",
        _profile_show,
    ),
)


# --------------------------------------------------------------------------------------------------
# Output


def _render(result: Explainable, arguments: argparse.Namespace) -> str:
    """Return the result in the chosen format (not xlsx)."""
    chosen = arguments.format
    part = arguments.part
    if chosen == "text":
        return result.explain() + "\n"
    if chosen == "json" and part is None:
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if not isinstance(result, Presentable):
        raise TennCareError(f"--format {chosen} is not available for this result; use text or json")
    if chosen == "json":
        return json.dumps(result.rows(part), indent=2, ensure_ascii=False) + "\n"
    if chosen == "csv":
        return result.to_csv(part)
    tables = [result.table(part)] if part is not None else list(result.tables())
    if chosen == "markdown":
        return "\n\n".join(table.render_markdown() for table in tables) + "\n"
    hidden: list[str] = []
    if part is None:
        hidden = [table.name for table in tables if not table.brief and table.rows]
        tables = [table for table in tables if table.brief]
    text = "\n\n".join(table.render_text(brief=True) for table in tables)
    footer = "(--format text explains every figure with its citation)"
    if hidden:
        footer = f"(also: --part {', '.join(hidden)}; --format text explains every figure)"
    return f"{text}\n\n{footer}\n"


def _check_output(arguments: argparse.Namespace) -> None:
    """Raise for output options that cannot go together, before any work is done."""
    if arguments.format == "xlsx":
        if arguments.output is None:
            raise InvalidInputError("--format xlsx writes a workbook; give --output FILE.xlsx")
        if arguments.part is not None:
            raise InvalidInputError("--format xlsx writes every part; leave out --part")


def _emit(result: Explainable, arguments: argparse.Namespace, out: TextIO) -> None:
    output: str | None = arguments.output
    if arguments.format == "xlsx":
        if not isinstance(result, Presentable):
            raise TennCareError("--format xlsx is not available for this result")
        if output is None:  # pragma: no cover - _check_output asked for it before the work
            raise InvalidInputError("--format xlsx writes a workbook; give --output FILE.xlsx")
        result.to_excel(output)
        return
    text = _render(result, arguments)
    if output is None:
        out.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise InvalidInputError(
            f"cannot write --output {output!r}: {error.strerror}", field="output", value=output
        ) from None


# --------------------------------------------------------------------------------------------------
# The parser


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile",
        default=None,
        help="a shipped profile id or a profile TOML file (default: amendment-3)",
    )
    common.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if override of one profile value, e.g. --set p4p.pmpm_amount=0.04 (repeatable)",
    )
    common.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table: aligned tables (default); text: the full explanation with citations; json: "
        "all data (with --part: that part's rows); csv: one part; markdown; xlsx: a workbook "
        "with live formulas (needs --output)",
    )
    common.add_argument(
        "--part",
        default=None,
        metavar="NAME",
        help="one part of the result, e.g. measures, cap, parameters (csv: the first table part)",
    )
    common.add_argument("--output", "-o", default=None, metavar="FILE", help="write to FILE")
    common.add_argument(
        "--no-progress",
        action="store_true",
        help="never show a progress indicator (it shows only on a terminal anyway)",
    )
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenncare-calc",
        description="Exact, explained computations of the TennCare CRA's money clauses.",
    )
    common = _common()
    groups: dict[tuple[str, ...], Any] = {
        (): parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    }
    for command in COMMANDS:
        *path, last = command.words
        for depth in range(len(path)):
            prefix = tuple(path[: depth + 1])
            if prefix not in groups:
                group = groups[prefix[:-1]].add_parser(prefix[-1], help=f"{prefix[-1]} commands")
                groups[prefix] = group.add_subparsers(
                    dest="_".join(prefix) + "_command", required=True, metavar="ACTION"
                )
        sub = groups[tuple(path)].add_parser(last, parents=[common], help=command.help)
        command.add_arguments(sub)
        sub.set_defaults(command_run=command.run)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Return the exit status of running the command line with ``argv``.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["profile", "show", "--format", "text", "--set", "p4p.pmpm_amount=0.04"], out=buffer)
    0
    >>> "what-if override: p4p.pmpm_amount = 0.04" in buffer.getvalue()
    True
    """
    stdout = sys.stdout if out is None else out
    stderr = sys.stderr if err is None else err
    arguments = _parser().parse_args(argv)
    run: Callable[[Context], Explainable] = arguments.command_run
    try:
        _check_output(arguments)
        _emit(run(Context(arguments, stderr)), arguments, stdout)
    except TennCareError as error:
        for line in str(error).splitlines():
            stderr.write(f"tenncare-calc: error: {line}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        stderr.write("tenncare-calc: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``tenncare-calc ... | head``): stop quietly, as Unix tools do.
        if out is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return EXIT_OK
