r"""Row numbers as people see them: a file's row is its line (header = line 1), a Python row its index.

Every table, message and explanation names an input row by one number, chosen by where the rows
came from:

* **A file** (CSV, JSON, Parquet): the row's **line** in the file, the header being line 1. A CSV
  record whose quoted field holds line breaks spans several lines; it is numbered by its first.
  A blank line is a line (and a row of empty cells). JSON and Parquet have no line per row: a row
  is numbered as it would be in the same table written as CSV, so the first row is line 2.
  Messages that name the file say ``file.csv, line 7``.
* **Rows given in Python** (a list of mappings, a mapping of columns, a DataFrame, a pyarrow
  table): the row's 0-based position, as ``rows[i]``, ``df.iloc[i]`` and ``table[i]`` index it.

:data:`FILE_HEADER_LINES` is the offset of a file's first row; :func:`record_lines` finds where
each record of a CSV file starts; :func:`renumbered` gives a pyarrow table's ``row`` column the
numbers shown.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "spans.csv"
>>> _ = path.write_bytes(b'id,note\r\n1,"two\r\nlines"\r\n\r\n2,x\r\n')
>>> record_lines(path)
(2, 4, 5)
>>> row_number("csv", 1, (2, 4, 5)), row_number("parquet", 1), row_number("rows", 1)
(4, 3, 1)
"""

from __future__ import annotations

__all__ = [
    "FILE_HEADER_LINES",
    "file_line",
    "has_quotes",
    "record_lines",
    "renumbered",
    "row_number",
    "row_word",
]

import csv
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.column_batches import arrow_numbers
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

#: A file's first data row is on this line (the header is line 1).
FILE_HEADER_LINES = 2

#: The ``format`` of rows given in Python rather than read from a file.
PYTHON_ROWS = "rows"

_CHUNK = 1 << 20


def row_word(format: str) -> str:  # noqa: A002 - the InputRows field it reads
    """Return the word that names a row of an input of ``format``: ``line`` for files, else ``row``.

    >>> row_word("csv"), row_word("rows")
    ('line', 'row')
    """
    return "row" if format == PYTHON_ROWS else "line"


def row_number(format: str, position: int, lines: Sequence[int] = ()) -> int:  # noqa: A002
    """Return the number shown for the 0-based row ``position`` of an input of ``format``.

    ``lines`` are the lines where a CSV file's records start, when known; without them a file's
    row is numbered as the line it has when every record takes one line.

    >>> row_number("json", 0), row_number("rows", 0), row_number("csv", 0, (5,))
    (2, 0, 5)
    """
    if format == PYTHON_ROWS:
        return position
    if lines:
        return int(lines[position])
    return file_line(position)


def file_line(position: int) -> int:
    """Return the line of a file's 0-based row ``position`` when every record takes one line.

    >>> file_line(0)
    2
    """
    return position + FILE_HEADER_LINES


def has_quotes(path: Path) -> bool:
    """Return whether the file holds a double quote (only then can a CSV record span lines)."""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b'"' in chunk:
                return True
    return False


def record_lines(path: Path) -> tuple[int, ...]:
    r"""Return the line where each data record of a CSV file starts (the header is line 1).

    Lines end at ``\n``, ``\r\n`` or ``\r``; a blank line is a record; a record whose quoted
    field holds line breaks is numbered by its first line.
    """
    starts: list[int] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        read = 0
        for _ in reader:
            starts.append(read + 1)
            read = reader.line_num
    return tuple(starts[1:])


def renumbered(table: Any, numbers: Sequence[int] | Any) -> Any:  # noqa: ANN401 - pyarrow Table
    """Return the pyarrow ``table`` with its ``row`` column (0-based positions) as ``numbers[row]``.

    >>> import pyarrow as pa
    >>> renumbered(pa.table({"row": [1, 0], "reason": ["b", "a"]}), [2, 5]).to_pylist()
    [{'row': 5, 'reason': 'b'}, {'row': 2, 'reason': 'a'}]
    """
    np = require("numpy", extra="data", purpose="numbering rows")
    index = table.schema.get_field_index("row")
    rows = table.column(index).to_numpy()
    shown = np.asarray(numbers, dtype=np.int64)[rows] if len(rows) else rows.astype(np.int64)
    return table.set_column(index, "row", arrow_numbers(shown))
