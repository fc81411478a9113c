r"""Reading a large table file column by column, in batches, for the columnar computations.

:func:`read_columns` reads a CSV, JSON or Parquet file for member months, community tenure and the
program run without a Python object per row. A CSV file is read by pyarrow block by block (one
thread parses while another converts), and when the caller names the columns it wants and their
kinds (``kinds``, e.g. :data:`~tenncare_calc.enrollment.SPAN_COLUMNS`), each block's text becomes
compact columns at once (identifiers as numbers where they are prefix + number, dates as day
numbers; see :mod:`~tenncare_calc.columnar.column_batches`) and the text is dropped, so memory
follows the rows kept, not the file's text.

**No row lost.** Every data line of a CSV file is one row (:mod:`~tenncare_calc.columnar.csv_lines`):
data row ``i`` (0-based) is line ``i + 2`` of the file, the number messages and the ``row`` of
rejected rows show (:meth:`InputColumns.lines_of`). A file with a line that leaves a quote open is
read again record by record, as :func:`~tenncare_calc.columnar.read_rows` reads it: a quoted value
may then hold a line break (its record is one row, named by its first line), and a stray quote is
one malformed row at its line. A line that cannot be split into the
header's cells (an unterminated quote, too many or too few cells, a byte that is not UTF-8, a line
over 1 MiB) and, with ``kinds``, a row whose identifier or date cannot be read, is not in ``data``
but in ``malformed``, with its reason: rows in = rows in ``data`` + rows in ``malformed``.

>>> import pathlib, tempfile
>>> from tenncare_calc.columnar import Column, ColumnKind
>>> path = pathlib.Path(tempfile.mkdtemp()) / "spans.csv"
>>> _ = path.write_text("MEMBER,FROM,TO\nM7,1/5/2008,\nM8,2008-02-30,\nM9,\"2008-01-01,\n")
>>> kinds = (Column("member_id", ColumnKind.ID), Column("start_date", ColumnKind.DATE),
...          Column("end_date", ColumnKind.DATE, nullable=True))
>>> spans = read_columns(path, kinds=kinds,
...                      columns={"member_id": "MEMBER", "start_date": "FROM", "end_date": "TO"})
>>> spans.data.to_pylist(), spans.decode("member_id", spans.data["member_id"]).to_pylist()
([{'member_id': 7, 'start_date': datetime.date(2008, 1, 5), 'end_date': None}], ['M7'])
>>> for row, reason in spans.malformed:
...     print(spans.where(row), reason)
spans.csv, line 3 start_date '2008-02-30' is not a date (expected YYYY-MM-DD or M/D/YYYY)
spans.csv, line 4 a quote opened on this line is never closed
"""

from __future__ import annotations

__all__ = ["InputColumns", "read_columns"]

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import _pa
from tenncare_calc.columnar.column_kinds import ColumnKind
from tenncare_calc.columnar.compact_columns import CompactColumns
from tenncare_calc.columnar.csv_blocks import csv_blocks
from tenncare_calc.columnar.csv_lines import LONGEST_LINE, UNCLOSED_QUOTE
from tenncare_calc.columnar.input_columns import InputColumns
from tenncare_calc.columnar.row_files import _fail, _json, file_format, read_rows
from tenncare_calc.columnar.text_dates import before_year_one
from tenncare_calc.core.errors import InvalidInputError, InvalidValueError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tenncare_calc.columnar.column_kinds import Column
    from tenncare_calc.columnar.compact_columns import BatchReducer

#: Text a column holds when it is read as whole numbers (without ``kinds``): canonical integers.
_CANONICAL_INTEGER = r"^-?(0|[1-9][0-9]{0,17})$"


# --------------------------------------------------------------------------------------------------
# The header and the column mapping


def _header(source: Path, handle: Any) -> list[str]:  # noqa: ANN401 - a binary file
    line = handle.readline(LONGEST_LINE + 1)
    if not line:
        raise _fail(source, "the file is empty; a header row is required")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(source, f"the header is not UTF-8 text ({error.reason})") from None
    try:
        header = next(csv.reader([text.rstrip("\r\n")]), [])
    except csv.Error:  # lines ended by a carriage return alone: the whole file read as one line
        raise _fail(
            source,
            "its lines end with a carriage return alone (an old Mac file); save it with LF or "
            "CRLF line ends",
        ) from None
    names = [name.strip() for name in header]
    if not names or "" in names or len(set(names)) != len(names):
        raise _fail(source, f"the header must name each column once (got {header})")
    return names


def _renamed(
    source: Path,
    names: list[str],
    columns: Mapping[str, str] | None,
    kinds: Sequence[Column] | None,
) -> list[str]:
    """Return the file's column names with ``columns`` (library name -> file name) applied."""
    if not columns:
        return names
    valid = None if kinds is None else [kind.name for kind in kinds]
    renamed = list(names)
    for name, found in columns.items():
        if valid is not None and name not in valid:
            raise InvalidValueError(
                f"columns: {name!r} is not a column read here; the names are {valid}",
                field="columns",
                value=name,
            )
        if found not in names:
            raise InvalidInputError(
                f"{source}: columns maps {name!r} to {found!r}, which the file lacks; the file "
                f"has {names}",
                field=name,
                value=found,
            )
        if name in names and name not in columns.values():
            raise InvalidInputError(
                f"{source}: the file has a column {name!r} and columns maps {name!r} to "
                f"{found!r}; rename one of them",
                field=name,
                value=found,
            )
        renamed[names.index(found)] = name
    return renamed


# --------------------------------------------------------------------------------------------------
# CSV


def _mask(array: Any) -> Any:  # noqa: ANN401
    return compute.fill_null(array, fill_value=False).to_numpy(zero_copy_only=False)


def _text_table(parts: list[Any], names: list[str], *, infer: bool = True) -> Any:  # noqa: ANN401
    """Return text batches as one table, each column whole numbers or ISO dates where all are.

    With ``infer=False`` every column stays text, as the file writes it. ``parts`` is emptied.
    """
    pa, pc = _pa(), compute
    if parts:
        # a column at a time, its batches' pieces let go as it is built: the text is held about
        # once, not as batches, a combined copy and a cast copy at the same time
        pieces = {
            name: [batch.column(index) for batch in parts]
            for index, name in enumerate(parts[0].schema.names)
        }
        parts.clear()
        columns = {}
        for name in list(pieces):
            chunks = [compute.cast(chunk, pa.large_string()) for chunk in pieces.pop(name)]
            columns[name] = pa.concat_arrays(chunks) if len(chunks) > 1 else chunks[0]
            del chunks
        table = pa.table(columns)
    else:
        table = pa.table({name: pa.array([], pa.large_string()) for name in names})
    for index, name in enumerate(table.column_names if infer else ()):
        column = table.column(index)
        if column.null_count == len(column):
            continue
        if pc.all(pc.match_substring_regex(column, _CANONICAL_INTEGER)).as_py():
            table = table.set_column(index, name, column.cast(pa.int64()))
            continue
        try:
            dates = column.cast(pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        if not before_year_one(dates):  # the year 0 is no date: such a column stays text
            table = table.set_column(index, name, dates)
    return table


def _compact(
    source: Path, converter: CompactColumns, left_out: list[tuple[int, str]]
) -> InputColumns:
    """Return the converted columns, every row left out (malformed or bad) with its reason.

    With ``where``, ``file_rows_of`` maps the rows kept; with ``reduce`` (no row kept), the rows
    as the batches numbered them (:attr:`~tenncare_calc.columnar.compact_columns.ConvertedBatch.first_row`).
    """
    well_formed = InputColumns(str(source), "csv", None, 0, tuple(sorted(left_out)))
    bad_rows = well_formed.file_rows_of([row for row, _ in converter.bad])
    malformed = sorted(
        [*left_out, *zip(bad_rows.tolist(), (reason for _, reason in converter.bad), strict=True)]
    )

    def locate(rows: Any) -> Any:  # noqa: ANN401 - numpy int64 arrays
        return well_formed.file_rows_of(converter.positions(rows))

    table = converter.table()
    decoders = {name: ids.decode for name, ids in converter.ids.items() if ids.coded}
    mapping = None if converter.where is None else locate
    return InputColumns(
        str(source),
        "csv",
        table,
        converter.rows + len(left_out),
        tuple(malformed),
        decoders,
        well_formed.file_rows_of if converter.reduce is not None else mapping,
    )


def _csv_columns(
    source: Path,
    progress: Callable[[int], None] | None,
    *,
    columns: Mapping[str, str] | None,
    kinds: Sequence[Column] | None,
    excel: bool,
    where: Callable[[Mapping[str, Any]], Any] | None,
    reduce: BatchReducer | None,
    infer: bool = True,
) -> InputColumns:
    left_out: list[tuple[int, str]] = []
    with source.open("rb") as handle:
        names = _renamed(source, _header(source, handle), columns, kinds)
        if kinds is None:
            parts = list(csv_blocks(handle, names, names, progress=progress, left_out=left_out))
            if any(reason == UNCLOSED_QUOTE for _, reason in left_out):
                return _records_over_lines(
                    source,
                    columns=columns,
                    kinds=None,
                    excel=excel,
                    where=None,
                    reduce=None,
                    infer=infer,
                )
            table = _text_table(parts, names, infer=infer)
            return InputColumns(
                str(source), "csv", table, table.num_rows + len(left_out), tuple(sorted(left_out))
            )
        if missing := sorted(k.name for k in kinds if k.required and k.name not in names):
            raise InvalidInputError(
                f"{source}: missing column(s) {missing}; the file has {names}",
                field=missing[0],
                value=names,
            )
        present = [k for k in kinds if k.name in names]
        hint = _rows_hint(source, handle.tell())
        converter = CompactColumns(present, excel=excel, rows_hint=hint, where=where, reduce=reduce)
        dates = [k.name for k in present if k.kind is ColumnKind.DATE]
        wanted = [k.name for k in present]
        for batch in csv_blocks(
            handle, names, wanted, progress=progress, left_out=left_out, dates=dates
        ):
            converter.add(batch)
    if any(reason == UNCLOSED_QUOTE for _, reason in left_out):
        return _records_over_lines(
            source, columns=columns, kinds=kinds, excel=excel, where=where, reduce=reduce
        )
    return _compact(source, converter, left_out)


def _records_over_lines(
    source: Path,
    *,
    columns: Mapping[str, str] | None,
    kinds: Sequence[Column] | None,
    excel: bool,
    where: Callable[[Mapping[str, Any]], Any] | None,
    reduce: BatchReducer | None,
    infer: bool = True,
) -> InputColumns:
    """Return the file read record by record, for a file where a quoted value may span lines.

    A line that leaves a quote open is either a stray quote or the first line of a record whose
    quoted value holds a line break (a note typed in a spreadsheet cell). The fast reader cannot
    tell them apart, so such a file is read again as :func:`~tenncare_calc.columnar.read_rows`
    reads it (a record that closes is one row, named by its first line; a stray quote is one
    malformed row at its line), and its text goes through the same conversion as a block of the
    fast reader. It is slower (a Python object per row); only files with such a line take it.
    """
    pa = _pa()
    rows = read_rows(source, columns=columns)
    bad = {row for row, _ in rows.malformed}
    kept = [row for index, row in enumerate(rows.rows) if index not in bad]
    names = (
        list(rows.columns) if kinds is None else [k.name for k in kinds if k.name in rows.columns]
    )
    text = pa.record_batch(
        [pa.array([row[name] for row in kept], pa.string()) for name in names], names=names
    )
    if kinds is None:
        table = _text_table([text] if kept else [], names, infer=infer)
        return InputColumns(
            str(source), "csv", table, len(rows.rows), rows.malformed, lines=rows.lines
        )
    present = [k for k in kinds if k.name in names]
    converter = CompactColumns(
        present, excel=excel, rows_hint=len(kept), where=where, reduce=reduce
    )
    converter.add(text)
    result = _compact(source, converter, list(rows.malformed))
    return attrs.evolve(result, lines=rows.lines)


def _rows_hint(source: Path, start: int) -> int:
    """Return about how many data lines ``source`` has, from the lines of its first MiB."""
    with source.open("rb") as handle:
        handle.seek(start)
        sample = handle.read(1 << 20)
    lines = sample.count(b"\n")
    if not lines:
        return 0
    return int((source.stat().st_size - start) / (len(sample) / lines) * 1.05) + 1024


# --------------------------------------------------------------------------------------------------
# Parquet, JSON, and the entry point


def _parquet_columns(source: Path, progress: Callable[[int], None] | None) -> InputColumns:
    pa = require("pyarrow", extra="parquet", purpose="reading Parquet files")
    pq = require("pyarrow.parquet", extra="parquet", purpose="reading Parquet files")
    try:
        handle = pq.ParquetFile(source)
        total = max(handle.metadata.num_rows, 1)
        size = source.stat().st_size
        groups = []
        for index in range(handle.num_row_groups):
            group = handle.read_row_group(index)
            groups.append(group)
            if progress is not None:
                progress(size * group.num_rows // total)
        table = pa.concat_tables(groups) if groups else handle.schema_arrow.empty_table()
    except Exception as error:  # noqa: BLE001 - pyarrow raises many kinds for a bad file
        raise _fail(source, f"not a readable Parquet file ({error})") from None
    return InputColumns(str(source), "parquet", table, table.num_rows)


def read_columns(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    excel_dates: bool = False,
    kinds: Sequence[Column] | None = None,
    where: Callable[[Mapping[str, Any]], Any] | None = None,
    reduce: BatchReducer | None = None,
    progress: Callable[[int], None] | None = None,
    text: bool = False,
) -> InputColumns:
    r"""Return a CSV, JSON or Parquet file's columns, for the columnar batch computations.

    * **CSV**: read by pyarrow block by block, each block parsed by one thread while another
      converts the one before (``progress`` gets the bytes read). Every line is one row; a line
      that cannot be split into the header's cells is left out with its reason (see the module).
      With ``kinds`` (the columns wanted and their kinds), only those columns are read and each
      block becomes compact columns: identifiers as int64 when they are a prefix and a canonical
      whole number (``decode`` gives the text back), otherwise text; dates from ``YYYY-MM-DD``,
      ``M/D/YYYY`` and, with ``excel_dates=True``, Excel serial day numbers; a row with an empty
      identifier, a null where one is not allowed, or a date in another form is left out with its
      reason. Without ``kinds`` every column is read as text, then a column whose every value is a
      canonical whole number becomes int64 and one whose every value is a valid ``YYYY-MM-DD``
      date becomes date32 (the rest is kept exactly); with ``text=True`` every column stays
      text, as the file writes it (the batch compliance checks read their cells so).
    * **Parquet** (the ``parquet`` extra): read row group by row group, types as stored.
    * **JSON**: a list of objects (or ``{"rows": [...]}``), read as for :func:`read_rows`.

    ``where`` (CSV with ``kinds``): given a batch's rows (pyarrow arrays of the kinds' columns,
    converted; the values of a row already rejected do not matter), returns a numpy mask of the
    rows the computation needs; the others are
    counted in ``rows_in`` but neither kept nor rejected (``file_rows_of`` still maps every row of
    ``data`` to its file row), so memory follows the rows that matter. ``reduce`` (CSV with
    ``kinds``), a :class:`~tenncare_calc.columnar.compact_columns.BatchReducer`, is given each
    converted batch instead and ``data`` has no rows: a computation that needs less than the rows
    (member months: a packed key per span of the year) reads a file of any size in memory of its
    own; ``file_rows_of`` then maps rows as the batches number them.

    ``columns`` maps the library's column names to the file's (``{"member_id": "MEMBER_ID"}``);
    a name not in ``kinds``, or a file column the file lacks, is an
    :class:`~tenncare_calc.core.errors.InvalidValueError` naming the valid names or the file's
    columns.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "spans.csv"
    >>> _ = path.write_text("member_id,start_date,end_date\n101,2008-01-01,\n102,2008-02-01,x,y\n")
    >>> columns = read_columns(path)
    >>> columns.data.to_pylist(), columns.malformed, columns.where(1)
    ([{'member_id': 101, 'start_date': datetime.date(2008, 1, 1), 'end_date': None}], ((1, '4 cells for 3 columns'),), 'spans.csv, line 3')
    """
    source = Path(path)
    kind = file_format(source)
    try:
        if kind == "csv":
            return _csv_columns(
                source,
                progress,
                columns=columns,
                kinds=kinds,
                excel=excel_dates,
                where=where,
                reduce=reduce,
                infer=not text,
            )
        if kind == "parquet":
            result = _parquet_columns(source, progress)
            if columns:
                names = _renamed(source, list(result.columns), columns, kinds)
                result = attrs.evolve(result, data=result.data.rename_columns(names))
            return result
        rows = _json(source, progress)
    except UnicodeDecodeError as error:
        raise _fail(source, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror})") from None
    names = _renamed(source, list(rows.columns), columns, kinds)
    bad = {row for row, _ in rows.malformed}
    kept = [row for index, row in enumerate(rows.rows) if index not in bad]
    data = {new: [row[old] for row in kept] for old, new in zip(rows.columns, names, strict=True)}
    return InputColumns(rows.source, "json", data, len(rows.rows), rows.malformed)
