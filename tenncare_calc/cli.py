"""The ``tenncare-calc`` command line.

Subcommands:

* ``demo`` - the main job on bundled sample data: a plan-year's pay-for-performance statement.
* ``incentive FILE`` - the statement for a plan-year file (TOML or JSON) or a rates table (CSV,
  JSON or Parquet) with ``--measurement-year``, ``--member-months`` and ``--capitation``.
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

from tenncare_calc.access import access_distance_table, access_timeliness_table
from tenncare_calc.errors import (
    InvalidInputError,
    InvalidTypeError,
    RejectedRowsError,
    TennCareError,
    require,
)
from tenncare_calc.incentives import incentive_statement
from tenncare_calc.nemt import decision_time_table, request_lead_time_table, trip_manifest_table
from tenncare_calc.plan_year import plan_year_inputs, sample_path, statement_from_file
from tenncare_calc.presentation import Presentable
from tenncare_calc.profile import ContractProfile, load_profile
from tenncare_calc.progress import Progress
from tenncare_calc.readers import read_rows
from tenncare_calc.tables import MAX_ERROR_ROWS, ON_ERROR_CHOICES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tenncare_calc.explanation import Explainable
    from tenncare_calc.findings import FindingsTable
    from tenncare_calc.readers import InputRows

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
FORMATS = ("table", "text", "json", "csv", "markdown", "xlsx")


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
    return statement_from_file(sample_path("plan_year_2008.toml"), profile=context.profile)


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

_ON_ERROR_HELP = (
    "raise (default): any row that cannot be checked is an error, each named on standard error "
    "(exit 2); collect: check the other rows and list these in the rejected part"
)


def _checks_arguments(
    what: str, columns: str, *, on: bool = False
) -> Callable[[argparse.ArgumentParser], None]:
    """Return the function adding a compliance command's arguments: FILE and --on-error."""

    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "file", help=f"a table of {what} (.csv, .json list, .parquet) with {columns}"
        )
        parser.add_argument(
            "--on-error", choices=ON_ERROR_CHOICES, default="raise", help=_ON_ERROR_HELP
        )
        if on:
            parser.add_argument(
                "--on",
                metavar="YYYY-MM-DD",
                help="the date whose Attachment V table applies (default: the latest)",
            )

    return add


def _rejected_rows_error(rows: InputRows, rejected: Any) -> RejectedRowsError:  # noqa: ANN401 - a pyarrow Table
    """Return the error naming each rejected row of ``rows`` by file and row (counted from 1)."""
    count = int(rejected.num_rows)
    shown = rejected.slice(0, MAX_ERROR_ROWS).to_pylist()
    lines = [f"{rows.where(record['row'])}: {record['reason']}" for record in shown]
    if count > len(shown):
        lines.append(f"... and {count - len(shown):,} more rows")
    lines.append(
        f"{count:,} of {len(rows.rows):,} rows cannot be checked; fix them, or use "
        "--on-error collect to check the other rows and list these in the rejected part"
    )
    return RejectedRowsError(
        "\n".join(lines),
        field="file",
        rejected=tuple((int(record["row"]), str(record["reason"])) for record in shown),
    )


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
    try:
        findings = check(columns, profile=profile, on_error="collect", **options)
    except RejectedRowsError:
        raise
    except (InvalidInputError, InvalidTypeError) as error:
        # the file's columns are wrong (missing, or of a type that cannot hold them): name it
        raise InvalidInputError(
            f"{rows.source}: {error}", field="file", value=rows.source
        ) from None
    if arguments.on_error == "raise" and findings.rejected.num_rows:
        raise _rejected_rows_error(rows, findings.rejected)
    return _numbered_from_one(findings)


def _date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{option} must be a date such as 2008-10-01 (got {value!r})",
            field=option.lstrip("-").replace("-", "_"),
            value=value,
        ) from None


def _access_timeliness(context: Context) -> Explainable:
    return _check_file(context, access_timeliness_table, command="access")


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
        "the pay-for-performance statement of the bundled sample plan-year",
        _demo,
    ),
    Command(
        ("incentive",),
        "the pay-for-performance statement of a plan-year file or rates table",
        _incentive,
        _incentive_arguments,
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
    text = "\n\n".join(table.render_text(brief=True) for table in tables)
    return f"{text}\n\n(--format text explains every figure with its citation)\n"


def _emit(result: Explainable, arguments: argparse.Namespace, out: TextIO) -> None:
    output: str | None = arguments.output
    if arguments.format == "xlsx":
        if output is None:
            raise InvalidInputError("--format xlsx writes a workbook; give --output FILE.xlsx")
        if not isinstance(result, Presentable):
            raise TennCareError("--format xlsx is not available for this result")
        if arguments.part is not None:
            raise InvalidInputError("--format xlsx writes every part; leave out --part")
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
