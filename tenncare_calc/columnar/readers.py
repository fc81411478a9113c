r"""Reading tabular inputs from CSV, JSON or Parquet files, with every row numbered for errors.

:func:`read_rows` returns an :class:`InputRows`: the file's column names and its rows as mappings
of column name to value, in file order. Values stay as the file gives them, to be converted by the
rule that uses them (through :mod:`tenncare_calc.core.values`, so numbers are exact):

* **CSV** (``.csv``): UTF-8 (a byte-order mark is allowed), a header row; every value is text, an
  empty cell is ``None``. A row with more cells than the header is rejected.
* **JSON** (``.json``): a list of objects, or an object with a ``"rows"`` list; numbers with a
  fraction are read as ``Decimal`` (never float).
* **Parquet** (``.parquet``, ``.pq``): needs the ``parquet`` extra (pyarrow), imported only here.

Rows are numbered from 1 in messages, not counting a CSV header ("``spans.csv, row 3``"); the
``rejected`` pairs of :class:`~tenncare_calc.core.errors.RejectedRowsError` hold 0-based positions.

:func:`read_columns` (in :mod:`tenncare_calc.columnar.column_files`, handed on here) reads a large
table for the columnar computations (member months, community tenure) without a Python object per
row.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "rates.csv").write_text("measure,baseline,current\nhba1c_testing,58.2,64.5\n")
>>> rows = read_rows(folder / "rates.csv")
>>> rows.columns, rows.rows[0]["baseline"], rows.where(0)
(('measure', 'baseline', 'current'), '58.2', 'rates.csv, row 1')
"""

from __future__ import annotations

__all__ = ["FORMATS", "InputColumns", "InputRows", "read_columns", "read_rows"]  # noqa: F822 - two handed on lazily

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError, require
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

#: File extensions read, by format.
FORMATS: Mapping[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@attrs.frozen
class InputRows:
    """The rows of an input file: column names, and each row as a mapping of name to value."""

    source: str
    format: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]

    def where(self, row: int) -> str:
        """Return how messages name 0-based row ``row``: the file's name and the 1-based row."""
        return f"{Path(self.source).name}, row {row + 1}"

    def require_columns(self, required: set[str], *, allowed: set[str] | None = None) -> None:
        """Raise :class:`InvalidInputError` naming the file if a column is missing or unknown."""
        if missing := sorted(required - set(self.columns)):
            raise InvalidInputError(
                f"{self.source}: missing column(s) {missing}; the file has {list(self.columns)}",
                field=missing[0],
                value=list(self.columns),
            )
        if allowed is not None and (unknown := sorted(set(self.columns) - allowed)):
            raise InvalidInputError(
                f"{self.source}: unknown column(s) {unknown}; allowed: {sorted(allowed)}",
                field=unknown[0],
                value=list(self.columns),
            )


def _fail(source: Path, reason: str) -> InvalidInputError:
    return InvalidInputError(f"{source}: {reason}", field="path", value=str(source))


def _counting(lines: Iterator[str], progress: Callable[[int], None] | None) -> Iterator[str]:
    for line in lines:
        if progress is not None:
            progress(len(line))
        yield line


def _csv(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(_counting(iter(handle), progress))
        try:
            header = next(reader)
        except StopIteration:
            raise _fail(source, "the file is empty; a header row is required") from None
        columns = tuple(name.strip() for name in header)
        if "" in columns or len(set(columns)) != len(columns):
            raise _fail(source, f"the header must name each column once (got {list(header)})")
        rows: list[dict[str, Any]] = []
        rejected: list[tuple[int, str]] = []
        for number, cells in enumerate(reader):
            if not any(cell.strip() for cell in cells):
                rows.append(dict.fromkeys(columns))
                continue
            if len(cells) > len(columns):
                rejected.append((number, f"{len(cells)} cells for {len(columns)} columns"))
            values = [cell.strip() or None for cell in cells]
            values += [None] * (len(columns) - len(values))
            rows.append(dict(zip(columns, values, strict=False)))
    result = InputRows(str(source), "csv", columns, tuple(rows))
    if rejected:
        raise RejectedRowsError(
            "\n".join(f"{result.where(row)}: {reason}" for row, reason in rejected),
            field="path",
            rejected=tuple(rejected),
        )
    return result


def _json(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    text = source.read_text(encoding="utf-8")
    if progress is not None:
        progress(len(text))
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise _fail(source, f"not valid JSON ({error})") from None
    if isinstance(data, dict) and set(data) == {"rows"}:
        data = data["rows"]
    if not isinstance(data, list):
        raise _fail(source, 'a JSON input must be a list of objects, or {"rows": [...]}')
    columns: list[str] = []
    for number, item in enumerate(data):
        if not isinstance(item, dict):
            where = f"{source.name}, row {number + 1}"
            raise RejectedRowsError(
                f"{where}: must be an object of column names to values (got {item!r})",
                field="path",
                rejected=((number, "not an object"),),
            )
        columns.extend(str(key) for key in item if str(key) not in columns)
    rows = tuple({name: item.get(name) for name in columns} for item in data)
    return InputRows(str(source), "json", tuple(columns), rows)


def _parquet(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    require("pyarrow", extra="parquet", purpose="reading Parquet files")
    import pyarrow.parquet as pq  # noqa: PLC0415 - optional, imported only for Parquet

    try:
        table = pq.read_table(source)
    except Exception as error:  # noqa: BLE001 - pyarrow raises many kinds for a bad file
        raise _fail(source, f"not a readable Parquet file ({error})") from None
    if progress is not None:
        progress(source.stat().st_size)
    columns = tuple(table.column_names)
    return InputRows(str(source), "parquet", columns, tuple(table.to_pylist()))


def read_rows(
    path: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
) -> InputRows:
    """Return the rows of a CSV, JSON or Parquet file, chosen by its extension.

    ``progress`` is called with the number of characters (CSV, JSON) or bytes (Parquet) read
    since its last call, for a progress indicator. A file that cannot be read, or is not of its
    format, raises :class:`~tenncare_calc.core.errors.InvalidInputError` naming the file; rows that
    cannot be split into the header's columns raise
    :class:`~tenncare_calc.core.errors.RejectedRowsError` naming each row.
    """
    source = Path(path)
    kind = FORMATS.get(source.suffix.lower())
    if kind is None:
        raise _fail(source, f"unknown input format; use one of {sorted(FORMATS)}")
    if not source.is_file():
        raise _fail(source, "no such file")
    readers = {"csv": _csv, "json": _json, "parquet": _parquet}
    try:
        return readers[kind](source, progress)
    except UnicodeDecodeError as error:
        raise _fail(source, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror})") from None


# read_columns and InputColumns live in column_files (which imports this module); handed on lazily.
__getattr__, _ = lazy_exports(
    __name__,
    {
        "InputColumns": "tenncare_calc.columnar.column_files",
        "read_columns": "tenncare_calc.columnar.column_files",
    },
)
