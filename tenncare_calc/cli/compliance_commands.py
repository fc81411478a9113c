"""The compliance commands: ``access timeliness|distance`` (Attachment V) and ``nemt ...`` (XI).

Each reads a table of appointments, distances or trips from FILE and returns one finding per row,
each row numbered by its line in the file (header = line 1) as the command line's messages are; ``--carry`` carries input columns (an
appointment or trip id) into the findings.
"""

from __future__ import annotations

__all__: list[str] = []

import collections
import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from tenncare_calc.cli.bad_rows import _on_error_argument, _rejected_rows_error
from tenncare_calc.cli.input_options import (
    column_mapping,
    excel_date_columns,
    read_input,
)
from tenncare_calc.cli.options import _date_option
from tenncare_calc.columnar import (
    InputRows,
    read_columns,
    rejected_rows,
    renumbered,
)
from tenncare_calc.columnar.row_files import file_format
from tenncare_calc.core.cores import usable_cores
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    RejectedRowsError,
    require,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from tenncare_calc.cli.options import Context
    from tenncare_calc.columnar.column_kinds import Column
    from tenncare_calc.compliance import FindingsTable
    from tenncare_calc.compliance.findings import FindingsSummary
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.explanation import Explainable


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


def _numbered_by_line(findings: FindingsTable, rows: InputRows) -> FindingsTable:
    """Return ``findings`` with each input row numbered by its line in the file (header = 1)."""
    lines = rows.lines or [rows.number(row) for row in range(len(rows.rows))]
    return attrs.evolve(
        findings,
        arrow=renumbered(findings.arrow, lines),
        rejected=renumbered(findings.rejected, lines),
    )


def _with_malformed(findings: FindingsTable, malformed: dict[int, str]) -> FindingsTable:
    """Return ``findings`` with the file's malformed rows rejected for the file's reason.

    Such a row was checked as a row of empty cells: its finding (if any) is dropped and its
    rejection carries the reason the file gave, so rows in = rows used + rows rejected holds.
    """
    pa = require("pyarrow", extra="data", purpose="rejecting malformed rows")
    pc = require("pyarrow.compute", extra="data", purpose="rejecting malformed rows")
    bad = pa.array(sorted(malformed), pa.int64())
    arrow = findings.arrow.filter(pc.invert(pc.is_in(findings.arrow.column("row"), bad)))
    kept = [
        (row, reason) for row, reason in rejected_rows(findings.rejected) if row not in malformed
    ]
    rows = sorted([*kept, *malformed.items()])
    schema = findings.rejected.schema
    rejected = pa.table(
        {
            "row": pa.array([row for row, _ in rows], schema.field("row").type),
            "reason": pa.array([reason for _, reason in rows], schema.field("reason").type),
        }
    )
    return attrs.evolve(findings, arrow=arrow, rejected=rejected)


def _check_file(
    context: Context,
    check: Callable[..., FindingsTable],
    *,
    command: str,
    reads: Sequence[Column],
    **options: object,
) -> FindingsTable | FindingsSummary:
    """Return the findings of ``check`` over the rows of the command's FILE, numbered by line.

    The rows are always collected first, so that with ``--on-error raise`` every bad row is
    named (``file, line N: reason``), not only the first few; a line the file could not split into
    cells is such a row. ``reads`` are the columns ``check`` reads (the check module's own
    list): a file checked in chunks has only those parsed, and those ``--carry`` names.
    """
    purpose = f"the {command} command"
    require("pyarrow", extra="data", purpose=purpose)
    require("numpy", extra="data", purpose=purpose)
    arguments = context.arguments
    profile = context.profile  # loaded once, before the file is read; every chunk checked with it
    words = " ".join(arguments.command_words)
    # a CSV column by column (a JSON or Parquet file, or Excel dates: row by row, as before); a
    # file that is not one (missing, a pipe) is told so before anything opens it, after the
    # column options' own mistakes (as every command tells them)
    mapping = column_mapping(arguments, words)
    csv_file = file_format(Path(arguments.file)) == "csv"
    if (
        csv_file
        and not excel_date_columns(arguments, words)
        and not _lone_carriage_returns(arguments.file)
    ):
        from tenncare_calc.columnar.text_chunks import QuotedLineBreaks  # noqa: PLC0415

        with contextlib.suppress(_RowByRow):
            if arguments.part in _SUMMARY_PARTS:
                with contextlib.suppress(QuotedLineBreaks):  # else: read whole, record by record
                    read = {column.name for column in reads}
                    return _summary_of_chunks(context, check, mapping, read, profile, **options)
            return _check_columns(context, check, mapping, profile, **options)
    rows = read_input(context, words)
    columns = {name: [row[name] for row in rows.rows] for name in rows.columns}
    carry = _carried(arguments)
    try:
        findings = check(columns, profile=profile, on_error="collect", carry=carry, **options)
    except RejectedRowsError:
        raise
    except (InvalidInputError, InvalidTypeError) as error:
        # the file's columns are wrong (missing, or of a type that cannot hold them): name it
        raise InvalidInputError(
            f"{rows.source}: {error}", field="file", value=rows.source
        ) from None
    if rows.malformed:
        findings = _with_malformed(findings, dict(rows.malformed))
    findings = _numbered_by_line(findings, rows)
    if arguments.on_error == "raise" and findings.rejected.num_rows:
        raise _rejected_rows_error(
            rejected_rows(findings.rejected), rows.source, rows_in=len(rows.rows)
        )
    return findings


class _RowByRow(Exception):  # noqa: N818 - a signal to read the file row by row, not an error
    """A line ends with a carriage return alone: the row reader (Python's csv) reads it so."""


def _lone_carriage_returns(path: str) -> bool:
    """Return whether the start of the file ends a line with a carriage return alone (old Macs).

    Python's csv, which the row reader reads with, takes it for a line break; the columnar reader
    would reject the line (or, in a header, could not read it). Such a file is read row by row,
    as is one whose columnar reading finds such a line further on (:class:`_RowByRow`).
    """
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return True  # the row reader names the problem
    return head.count(b"\r") != head.count(b"\r\n")


def _lone_carriage_return_in(malformed: Iterable[tuple[int, str]]) -> bool:
    """Return whether the columnar reader left out a line for a carriage return alone."""
    from tenncare_calc.columnar.csv_lines import LONE_CARRIAGE_RETURN  # noqa: PLC0415

    return any(reason == LONE_CARRIAGE_RETURN for _, reason in malformed)


#: The parts a summary of a file checked a chunk at a time gives (no finding needed).
_SUMMARY_PARTS = frozenset({"summary", "rejected", "parameters"})


def _carried(arguments: argparse.Namespace) -> list[str]:
    """Return the ``--carry`` column names (repeated, or separated by commas)."""
    return [name.strip() for given in arguments.carry for name in given.split(",") if name.strip()]


def _check_columns(
    context: Context,
    check: Callable[..., FindingsTable],
    mapping: dict[str, str] | None,
    profile: ContractProfile,
    **options: object,
) -> FindingsTable:
    """Return the findings of ``check`` over a CSV FILE read column by column.

    The file is read in batches (:func:`~tenncare_calc.columnar.read_columns`), every CSV cell as
    the file writes it (as text, as the row reader gives it). A line the reader could not split
    into cells is rejected for its reason; every row is numbered by its line in the file.
    """
    import numpy as np  # noqa: PLC0415 - present: required above
    import pyarrow as pa  # noqa: PLC0415 - present: required above

    arguments = context.arguments
    with context.read_progress(arguments.file) as progress:
        batch = read_columns(arguments.file, columns=mapping, text=True, progress=progress.advance)
    if _lone_carriage_return_in(batch.malformed):
        raise _RowByRow
    findings = _checked(context, check, batch.data, batch.source, profile, **options)
    findings = attrs.evolve(findings.renumbered(batch.file_lines()), rows_in=batch.rows_in)
    if batch.malformed:
        lines = batch.lines_of(row for row, _ in batch.malformed)
        rejected = sorted(
            [
                *rejected_rows(findings.rejected),
                *zip(lines, (reason for _, reason in batch.malformed), strict=True),
            ]
        )
        schema = findings.rejected.schema
        findings = attrs.evolve(
            findings,
            rejected=pa.table(
                {
                    "row": pa.array(
                        np.asarray([row for row, _ in rejected], dtype=np.int64),
                        schema.field("row").type,
                    ),
                    "reason": pa.array(
                        [reason for _, reason in rejected], schema.field("reason").type
                    ),
                }
            ),
        )
    if arguments.on_error == "raise" and findings.rejected.num_rows:
        raise _rejected_rows_error(
            rejected_rows(findings.rejected), batch.source, rows_in=batch.rows_in
        )
    return findings


def _checked(
    context: Context,
    check: Callable[..., FindingsTable],
    data: object,
    source: str,
    profile: ContractProfile,
    **options: object,
) -> FindingsTable:
    """Return ``check`` over ``data`` (rows collected), a mistake in the file's columns named."""
    try:
        return check(
            data,
            profile=profile,
            on_error="collect",
            carry=_carried(context.arguments),
            **options,
        )
    except RejectedRowsError:
        raise
    except (InvalidInputError, InvalidTypeError) as error:
        # the file's columns are wrong (missing, or of a type that cannot hold them): name it
        raise InvalidInputError(f"{source}: {error}", field="file", value=source) from None


#: A chunk of a file (what :func:`_after` hands on unchanged).
_Chunk = TypeVar("_Chunk")


def _after(columns: Future[FindingsTable], chunks: Iterator[_Chunk]) -> Iterator[_Chunk]:
    """Yield ``chunks`` once ``columns`` (the check of the file's columns) is done, its error first.

    An error of the reading (or a signal to read the file another way) met before the columns'
    check ends waits for it: a file's wrong columns are named, whatever else is wrong with it.
    ``chunks`` is closed (its reading threads joined) before this ends, however it ends.
    """
    try:
        for chunk in chunks:
            columns.result()
            yield chunk
    except Exception:
        columns.result()
        raise
    finally:
        # the reading's threads joined before an error leaves: its traceback would keep the
        # paused reader (and its threads, which report progress) alive until a garbage collection
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    columns.result()


class _ColumnsWrong(Exception):  # noqa: N818 - a signal to stop reading, not an error shown
    """The file's columns are wrong: the reading stops, and their error is told (:func:`_after`)."""


def _until_failed(
    columns: Future[FindingsTable], advance: Callable[[int], None]
) -> Callable[[int], None]:
    """Return ``advance`` for the reader's progress, which stops the reading once ``columns`` failed.

    The reader reports each read of the file (4 MiB): from the first after the columns' check
    failed, it raises instead, so the error is told without waiting for a chunk of the file.

    >>> from concurrent.futures import Future
    >>> columns = Future()
    >>> advance = _until_failed(columns, lambda amount: None)
    >>> advance(10)
    >>> columns.set_exception(ValueError("no column"))
    >>> advance(10)
    Traceback (most recent call last):
    ...
    tenncare_calc.cli.compliance_commands._ColumnsWrong
    """

    def checked(amount: int) -> None:
        if columns.done() and not columns.cancelled() and columns.exception() is not None:
            raise _ColumnsWrong
        advance(amount)

    return checked


def _summary_of_chunks(
    context: Context,
    check: Callable[..., FindingsTable],
    mapping: dict[str, str] | None,
    reads: set[str],
    profile: ContractProfile,
    **options: object,
) -> FindingsSummary:
    """Return the summary of ``check`` over a CSV FILE checked a chunk of rows at a time.

    For ``--part summary``, ``rejected`` or ``parameters``, which need no finding: each chunk's
    findings are counted and let go (:func:`~tenncare_calc.compliance.findings.summarised`), so
    the memory does not grow with the file. Every row is numbered by its line in the file.
    """
    from tenncare_calc.columnar.text_chunks import (  # noqa: PLC0415
        CHUNK_ROWS,
        file_columns,
        text_chunks,
    )
    from tenncare_calc.compliance.findings import summarised  # noqa: PLC0415 - when it runs

    arguments = context.arguments
    malformed: list[tuple[int, str]] = []
    source = str(arguments.file)

    every = file_columns(arguments.file, columns=mapping)

    def parts() -> Iterator[FindingsTable]:
        # chunks are checked on a thread per core, in order: the checks' numpy and pyarrow work
        # lets go of the GIL, and the main thread no longer waits on one chunk at a time
        checkers = usable_cores(4)
        pool = ThreadPoolExecutor(checkers, thread_name_prefix="tenncare-check")
        pending: collections.deque[tuple[Future[FindingsTable], Any]] = collections.deque()
        # the file's columns checked first, as the whole file's are (a chunk holds only those
        # read, so a missing column's error would not name the file's others): on the pool,
        # while the first chunks are read (its imports are a tenth of a second of a process's
        # start), its error told before any of the reading's
        columns = pool.submit(
            _checked, context, check, {name: [] for name in every}, source, profile, **options
        )
        try:
            with context.read_progress(arguments.file) as progress:
                for chunk in _after(
                    columns,
                    text_chunks(
                        arguments.file,
                        columns=mapping,
                        rows=CHUNK_ROWS,
                        progress=_until_failed(columns, progress.advance),
                        wanted={*reads, *_carried(arguments)},
                    ),
                ):
                    if _lone_carriage_return_in(chunk.malformed):
                        raise _RowByRow
                    malformed.extend((row + 2, reason) for row, reason in chunk.malformed)
                    lines = chunk.rows + 2  # a file row's line (header = 1)
                    found = pool.submit(
                        _checked, context, check, chunk.data, source, profile, **options
                    )
                    pending.append((found, lines))
                    del chunk  # let go of the chunk's text while the next one is read
                    if len(pending) > checkers:
                        done, lines = pending.popleft()
                        yield done.result().renumbered(lines)
                while pending:
                    done, lines = pending.popleft()
                    yield done.result().renumbered(lines)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    summary = summarised(parts(), malformed=malformed)
    if arguments.on_error == "raise" and summary.rejected.num_rows:
        raise _rejected_rows_error(rejected_rows(summary.rejected), source, rows_in=summary.rows_in)
    return summary


def _access_timeliness(context: Context) -> Explainable:
    from tenncare_calc.compliance import access_timeliness_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.access.timeliness_table import TIMELINESS_COLUMNS  # noqa: PLC0415
    from tenncare_calc.contract.calendar import load_holiday_calendar  # noqa: PLC0415

    path = context.arguments.holidays
    holidays = None if path is None else load_holiday_calendar(path)
    return _check_file(
        context,
        access_timeliness_table,
        command="access",
        holidays=holidays,
        reads=TIMELINESS_COLUMNS,
    )


def _access_distance(context: Context) -> Explainable:
    from tenncare_calc.compliance import access_distance_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.access.distance_table import DISTANCE_COLUMNS  # noqa: PLC0415

    on = _date_option(context.arguments.on, "--on")
    return _check_file(
        context, access_distance_table, command="access", on=on, reads=DISTANCE_COLUMNS
    )


def _nemt_lead_time(context: Context) -> Explainable:
    from tenncare_calc.compliance import request_lead_time_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.requests import LEAD_TIME_COLUMNS  # noqa: PLC0415

    return _check_file(context, request_lead_time_table, command="nemt", reads=LEAD_TIME_COLUMNS)


def _nemt_decision(context: Context) -> Explainable:
    from tenncare_calc.compliance import decision_time_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.decisions import DECISION_COLUMNS  # noqa: PLC0415

    return _check_file(context, decision_time_table, command="nemt", reads=DECISION_COLUMNS)


def _nemt_manifest(context: Context) -> Explainable:
    from tenncare_calc.compliance import trip_manifest_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.manifests import MANIFEST_COLUMNS  # noqa: PLC0415

    return _check_file(context, trip_manifest_table, command="nemt", reads=MANIFEST_COLUMNS)
