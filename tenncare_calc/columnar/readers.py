r"""Reading tabular inputs from CSV, JSON or Parquet files, as rows or as columns.

:func:`read_rows` (defined in :mod:`~tenncare_calc.columnar.row_files`, re-exported here) returns
the file's rows as mappings, every line accounted for. :func:`read_columns` reads a large table for
the columnar computations (member months, community tenure) without a Python object per row: CSV
and Parquet through pyarrow (the ``data`` extra), block by block, reporting progress by bytes; see
its documentation.
"""

from __future__ import annotations

__all__ = ["FORMATS", "InputColumns", "InputRows", "read_columns", "read_rows"]

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.row_files import FORMATS, InputRows, _fail, _json, read_rows
from tenncare_calc.columnar.row_lines import file_line, has_quotes, record_lines, row_number
from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

# --------------------------------------------------------------------------------------------------
# Columnar reading (pyarrow) for the batch computations

#: Text a CSV column holds when it is read as whole numbers: canonical integers (no sign "+", no
#: leading zeros, at most 18 digits), so the text and the number say the same thing.
_CANONICAL_INTEGER = r"^-?(0|[1-9][0-9]{0,17})$"
_BLOCK_BYTES = 1 << 20


@attrs.frozen
class InputColumns:
    """A table read column by column: the data, and the rows the file could not split into cells.

    ``data`` is a pyarrow Table (CSV, Parquet) or a mapping of column name to a list of values
    (JSON), ready for :func:`tenncare_calc.columnar.tables.read_table`. ``rows_in`` counts every data row of
    the file (the header not counted); ``malformed`` lists, as 0-based rows of the file, those
    with the wrong number of cells, which are not in ``data``: so row ``i`` of ``data`` is file row
    ``file_rows()[i]``, on line ``file_lines()[i]`` of the file.
    """

    source: str
    format: str
    data: Any = attrs.field(repr=False)
    rows_in: int
    malformed: tuple[tuple[int, str], ...] = ()
    _lines: list[tuple[int, ...]] = attrs.field(factory=list, init=False, repr=False, eq=False)

    def where(self, row: int) -> str:
        """Return how messages name 0-based file row ``row``: the file's name and the row's line."""
        return f"{Path(self.source).name}, line {self.lines_of([row])[0]}"

    def lines_of(self, rows: Iterable[int]) -> list[int]:
        """Return the line of each 0-based file row of ``rows`` (the header is line 1).

        A CSV file with a double quote is read once more (only when asked) to find where each
        record starts, since a quoted field may hold line breaks.
        """
        lines = self._record_lines()
        return [row_number(self.format, int(row), lines) for row in rows]

    def _record_lines(self) -> tuple[int, ...]:
        """Return where each CSV record starts when some record may span lines, else ``()``."""
        if self.format == "csv" and not self._lines:
            source = Path(self.source)
            found = record_lines(source) if has_quotes(source) else ()
            self._lines.append(found if len(found) == self.rows_in else ())
        return self._lines[0] if self._lines else ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the file's column names."""
        names = self.data.column_names if hasattr(self.data, "column_names") else self.data
        return tuple(str(name) for name in names)

    def require_columns(self, required: set[str]) -> None:
        """Raise :class:`InvalidInputError` naming the file if a required column is missing."""
        if missing := sorted(required - set(self.columns)):
            raise InvalidInputError(
                f"{self.source}: missing column(s) {missing}; the file has {list(self.columns)}",
                field=missing[0],
                value=list(self.columns),
            )

    def file_rows(self) -> Any:  # noqa: ANN401 - a numpy int64 array
        """Return, for each row of ``data``, its 0-based row in the file (numpy int64 array)."""
        np = require("numpy", extra="data", purpose="reading tables")
        rows = np.arange(self.rows_in, dtype=np.int64)
        if not self.malformed:
            return rows
        return np.delete(rows, [row for row, _ in self.malformed])

    def file_lines(self) -> Any:  # noqa: ANN401 - a numpy int64 array
        """Return, for each row of ``data``, its line in the file (numpy int64 array; header = 1)."""
        np = require("numpy", extra="data", purpose="reading tables")
        rows = self.file_rows()
        if lines := self._record_lines():
            return np.asarray(lines, dtype=np.int64)[rows]
        return rows + file_line(0)


class _CountingReader(io.RawIOBase):
    """A binary file that reports each read's size (for a progress indicator)."""

    def __init__(self, raw: io.BufferedReader, progress: Callable[[int], None] | None) -> None:
        super().__init__()
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 - a writable buffer
        count = self._raw.readinto(buffer)
        if count and self._progress is not None:
            self._progress(count)
        return count or 0


def _integers_where_canonical(table: Any) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return ``table`` with each text column whose every value is a canonical integer as int64."""
    pa = require("pyarrow", extra="data", purpose="reading tables")
    pc = require("pyarrow.compute", extra="data", purpose="reading tables")
    for index, name in enumerate(table.column_names):
        column = table.column(index)
        if column.null_count == len(column):
            continue
        matches = pc.match_substring_regex(column, _CANONICAL_INTEGER)
        if pc.all(matches).as_py():
            table = table.set_column(index, name, column.cast(pa.int64()))
    return table


def _dates_where_iso(table: Any) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return ``table`` with each text column whose every value is a ``YYYY-MM-DD`` date as date32.

    pyarrow's cast is strict (no rolled-over days such as 2008-02-30, no spaces, no other
    layouts), so a column is converted only when every value is a valid ISO date; otherwise it
    stays text and the batch layer names each bad value with its row.
    """
    pa = require("pyarrow", extra="data", purpose="reading tables")
    for index, name in enumerate(table.column_names):
        column = table.column(index)
        if not pa.types.is_large_string(column.type) or column.null_count == len(column):
            continue
        try:
            dates = column.cast(pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        table = table.set_column(index, name, dates)
    return table


def _csv_columns(source: Path, progress: Callable[[int], None] | None) -> InputColumns:
    pa = require("pyarrow", extra="data", purpose="reading CSV tables")
    pv = require("pyarrow.csv", extra="data", purpose="reading CSV tables")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise _fail(source, "the file is empty; a header row is required")
    names = [name.strip() for name in header]
    if "" in names or len(set(names)) != len(names):
        raise _fail(source, f"the header must name each column once (got {header})")
    malformed: list[tuple[int, str]] = []

    def invalid(row: Any) -> str:  # noqa: ANN401 - a pyarrow InvalidRow
        # The physical line number counts the header as line 1: data row = number - 2.
        where = -1 if row.number is None else row.number - 2
        malformed.append((where, f"{row.actual_columns} cells for {row.expected_columns} columns"))
        return "skip"

    with source.open("rb") as raw:
        try:
            reader = pv.open_csv(
                _CountingReader(raw, progress),
                read_options=pv.ReadOptions(
                    column_names=names, skip_rows=1, use_threads=False, block_size=_BLOCK_BYTES
                ),
                parse_options=pv.ParseOptions(
                    invalid_row_handler=invalid, ignore_empty_lines=False
                ),
                convert_options=pv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.large_string()),
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                ),
            )
            try:
                table = reader.read_all()
            finally:
                reader.close()  # its read-ahead is done with the file before the file closes
        except (pa.ArrowInvalid, UnicodeDecodeError) as error:
            raise _fail(source, f"cannot be read as CSV ({error})") from None
    if any(row < 0 for row, _ in malformed):
        raise _fail(source, "has rows with the wrong number of cells at unknown lines")
    return InputColumns(
        str(source),
        "csv",
        _dates_where_iso(_integers_where_canonical(table)),
        table.num_rows + len(malformed),
        tuple(sorted(malformed)),
    )


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
    progress: Callable[[int], None] | None = None,
) -> InputColumns:
    r"""Return a CSV, JSON or Parquet file's columns, for the columnar batch computations.

    * **CSV**: read by pyarrow block by block (``progress`` gets the bytes of each block); every
      column is read as text, then a column whose every value is a canonical whole number
      (``101``, not ``0101`` or ``+1``) becomes int64, so identifiers written as numbers are
      compared as numbers, and a column whose every value is a valid ``YYYY-MM-DD`` date becomes
      date32 (fast; a column with any other value stays text, for the computation to name each
      bad value with its row); any other text is kept exactly. An empty cell is null; an empty line
      is a row of nulls (rejected by the computation with its reason); a line with too many or too
      few cells is listed in ``malformed``.
    * **Parquet** (the ``parquet`` extra): read row group by row group, types as stored.
    * **JSON**: a list of objects (or ``{"rows": [...]}``), read as for :func:`read_rows`.

    ``columns`` maps the library's column names to the file's, as for :func:`read_rows`: the
    file's columns are renamed after reading.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "spans.csv"
    >>> _ = path.write_text("member_id,start_date,end_date\n101,2008-01-01,\n102,2008-02-01,x,y\n")
    >>> columns = read_columns(path)
    >>> columns.data.to_pylist(), columns.malformed, columns.where(1)
    ([{'member_id': 101, 'start_date': datetime.date(2008, 1, 1), 'end_date': None}], ((1, '4 cells for 3 columns'),), 'spans.csv, line 3')
    """
    batch = _read_columns(Path(path), progress)
    return batch if columns is None else _renamed_columns(batch, columns)


def _renamed_columns(batch: InputColumns, columns: Mapping[str, str]) -> InputColumns:
    """Return ``batch`` with the file's columns renamed to the library's names (``columns``)."""
    mapping = {str(name): str(source) for name, source in columns.items()}
    if missing := sorted(source for source in mapping.values() if source not in batch.columns):
        raise InvalidInputError(
            f"{batch.source}: no column {missing[0]!r} to read (columns=); the file has "
            f"{list(batch.columns)}",
            field="columns",
            value=missing[0],
        )
    back = {source: name for name, source in mapping.items()}
    names = [
        back.get(name, name if name not in mapping else f"{name} (file)") for name in batch.columns
    ]
    if isinstance(batch.data, dict):
        data: Any = dict(zip(names, batch.data.values(), strict=True))
    else:
        data = batch.data.rename_columns(names)
    return attrs.evolve(batch, data=data)


def _read_columns(source: Path, progress: Callable[[int], None] | None) -> InputColumns:
    kind = FORMATS.get(source.suffix.lower())
    if kind is None:
        raise _fail(source, f"unknown input format; use one of {sorted(FORMATS)}")
    if not source.is_file():
        raise _fail(source, "no such file")
    try:
        if kind == "csv":
            return _csv_columns(source, progress)
        if kind == "parquet":
            return _parquet_columns(source, progress)
        rows = _json(source, progress)
    except UnicodeDecodeError as error:
        raise _fail(source, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror})") from None
    bad = {row for row, _ in rows.malformed}
    kept = [row for index, row in enumerate(rows.rows) if index not in bad]
    data = {name: [row[name] for row in kept] for name in rows.columns}
    return InputColumns(rows.source, "json", data, len(rows.rows), rows.malformed)
