"""The enrollment commands: ``member-months`` and ``community-tenure`` over a file of spans or stays.

Both read the file column by column (CSV, JSON or Parquet), compute with the rows the file could be
split into, and give every rejected row its line in the file (the header is line 1).
"""

from __future__ import annotations

__all__: list[str] = []

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.cli.bad_rows import _on_error_argument, _rejected_rows_error
from tenncare_calc.cli.input_options import column_mapping
from tenncare_calc.cli.options import _date_option, _year_argument, bounded_int
from tenncare_calc.columnar import read_columns

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from tenncare_calc.cli.options import Context
    from tenncare_calc.columnar import Column as InputColumn
    from tenncare_calc.columnar import InputColumns
    from tenncare_calc.columnar.compact_columns import BatchReducer
    from tenncare_calc.core.explanation import Explainable
    from tenncare_calc.enrollment import CommunityTenure, MemberMonths


def _read_batch(
    context: Context,
    path: str,
    columns: Sequence[InputColumn],
    reduce: BatchReducer | None = None,
) -> InputColumns:
    """Return the file's columns, read in batches as compact columns, bad rows left out.

    With ``reduce`` a CSV file's batches go to it as they are converted (no row is kept).
    """
    mapping = column_mapping(context.arguments, " ".join(context.arguments.command_words))
    with context.read_progress(path) as progress:
        batch = read_columns(
            path,
            columns=mapping,
            kinds=columns,
            excel_dates=bool(getattr(context.arguments, "excel_dates", False)),
            reduce=reduce,
            progress=progress.advance,
        )
    batch.require_columns({column.name for column in columns if column.required})
    return batch


def _decoded(table: Any, batch: InputColumns, order: list[tuple[str, str]]) -> Any:  # noqa: ANN401
    """Return a result table with its identifiers as the file wrote them, sorted as it was."""
    if table is None or "member_id" not in batch.decoders:
        return table
    index = table.column_names.index("member_id")
    ids = batch.decode("member_id", table.column("member_id").combine_chunks())
    return table.set_column(index, "member_id", ids).sort_by(order)


def _settle_rows(
    result: MemberMonths | CommunityTenure, batch: InputColumns, on_error: str
) -> MemberMonths | CommunityTenure:
    """Return ``result`` with its rejected rows as lines of the file, or raise them (exit 2).

    The computation ran on the rows the reader could use; the rows it left out (wrong number of
    cells, unreadable identifier or date) are added to its rejected rows, and every row is
    numbered by its line in the file (the header is line 1).
    """
    import pyarrow as pa  # noqa: PLC0415 - present: the file was read with it

    file_rows = batch.file_rows_of(result.rejected.column("row").to_numpy())
    rejected = [
        (int(row), str(reason))
        for row, reason in zip(
            file_rows.tolist(), result.rejected.column("reason").to_pylist(), strict=True
        )
    ]
    rejected = sorted([*rejected, *batch.malformed])
    lines = batch.lines_of(row for row, _ in rejected)
    rejected = [(line, reason) for line, (_, reason) in zip(lines, rejected, strict=True)]
    if rejected and on_error == "raise":
        raise _rejected_rows_error(rejected, batch.source, rows_in=batch.rows_in)
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
    parser.add_argument(
        "--per-member",
        action="store_true",
        help="also give the part per_member: one row per member with an enrolled day (member "
        "days, member months, each month); --part per_member implies it",
    )
    _on_error_argument(parser)


def _member_months(context: Context) -> Explainable:
    from tenncare_calc.enrollment import SPAN_COLUMNS, member_months  # noqa: PLC0415
    from tenncare_calc.enrollment.span_batches import SpanBatches  # noqa: PLC0415

    arguments = context.arguments
    if arguments.profile is not None or arguments.set:  # the shipped profile is not used here
        context.profile  # noqa: B018 - a bad --profile or --set is an error here too (issue 13)
    # A CSV file's spans are kept as a packed key each, batch by batch, as they are read.
    spans = SpanBatches(arguments.year)
    batch = _read_batch(context, arguments.file, SPAN_COLUMNS, spans)
    result = member_months(
        spans if batch.format == "csv" else batch.data,
        year=arguments.year,
        convention=arguments.convention,
        on_error="collect",
        per_member=arguments.per_member or arguments.part == "per_member",
    )
    members = _decoded(result.per_member, batch, [("member_id", "ascending")])
    return _settle_rows(attrs.evolve(result, per_member=members), batch, arguments.on_error)


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
        type=bounded_int(-100_000, 100_000),
        metavar="DAYS",
        help="days after discharge within which an admission is a readmission (default: the "
        "profile's p4p.community_tenure_window_days, 30)",
    )
    parser.add_argument(
        "--episodes",
        action="store_true",
        help="also give the part episodes: one row per index episode (admitted, discharged, "
        "readmitted, status, plan); --part episodes implies it",
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
        index_episodes=arguments.episodes or arguments.part == "episodes",
    )
    shown = context.profile.value("p4p.shown_rate_decimals", int)
    episodes = _decoded(
        result.index_episodes,
        batch,
        [("member_id", "ascending"), ("discharge_date", "ascending")],
    )
    result = attrs.evolve(result, shown_decimals=shown, index_episodes=episodes)
    return _settle_rows(result, batch, arguments.on_error)
