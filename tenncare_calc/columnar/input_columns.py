"""A table read column by column: its data, the rows left out with their reasons, their lines.

:class:`InputColumns` is what :func:`~tenncare_calc.columnar.read_columns` returns: ``data`` for
:func:`~tenncare_calc.columnar.tables.read_table`, and how each of its rows, and each row left out,
maps back to the file's rows and lines (the header is line 1).

>>> columns = InputColumns(
...     "spans.csv", "csv", {"member_id": [101, 103]}, 3, ((1, "4 cells for 3 columns"),))
>>> columns.file_rows().tolist(), columns.where(1), columns.file_lines().tolist()
([0, 2], 'spans.csv, line 3', [2, 4])
"""

from __future__ import annotations

__all__ = ["InputColumns"]

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.row_lines import row_number
from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping


@attrs.frozen
class InputColumns:
    """A table read column by column: the usable data, and the rows left out with their reasons.

    ``data`` is a pyarrow Table (CSV, Parquet) or a mapping of column name to a list of values
    (JSON), ready for :func:`tenncare_calc.columnar.tables.read_table`. ``rows_in`` counts every
    data row of the file (the header not counted); ``malformed`` lists, as 0-based rows of the
    file, those left out of ``data`` with their reasons, sorted: so row ``i`` of ``data`` is file
    row ``file_rows_of([i])[0]``. ``decode`` turns an identifier column's values back into the
    file's text where they were read as numbers.
    """

    source: str
    format: str
    data: Any = attrs.field(repr=False)
    rows_in: int
    malformed: tuple[tuple[int, str], ...] = ()
    decoders: Mapping[str, Callable[[Any], Any]] = attrs.field(factory=dict, repr=False)
    #: Maps rows of ``data`` to 0-based file rows, when rows were left out unrejected (``where``).
    locate: Callable[[Any], Any] | None = attrs.field(default=None, repr=False, eq=False)
    #: The line each file row starts on, when a record spans lines (else row ``i`` is line i + 2).
    lines: tuple[int, ...] = attrs.field(default=(), repr=False)

    def where(self, row: int) -> str:
        """Return how messages name 0-based file row ``row``: the file's name and the row's line."""
        return f"{Path(self.source).name}, line {self.lines_of([row])[0]}"

    def lines_of(self, rows: Iterable[int]) -> list[int]:
        """Return the line of each 0-based file row of ``rows`` (the header is line 1).

        Every data line is one row here, so row ``i`` is line ``i + 2``; JSON and Parquet rows
        are numbered as the same table written as CSV would be.
        """
        return [row_number(self.format, int(row), self.lines) for row in rows]

    def file_lines(self) -> Any:  # noqa: ANN401 - a numpy int64 array
        """Return, for each row of ``data``, its line in the file (header = line 1)."""
        np = require("numpy", extra="data", purpose="reading tables")
        rows = self.file_rows()
        return np.asarray(self.lines, dtype=np.int64)[rows] if self.lines else rows + 2

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the column names of ``data``."""
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

    def decode(self, column: str, values: Any) -> Any:  # noqa: ANN401 - a pyarrow array
        """Return values of ``column`` as the file wrote them (identifiers read as numbers)."""
        decoder = self.decoders.get(column)
        return values if decoder is None else decoder(values)

    def file_rows_of(self, rows: Any) -> Any:  # noqa: ANN401 - numpy int64 arrays
        """Return the 0-based file row of each 0-based row of ``data`` in ``rows``."""
        np = require("numpy", extra="data", purpose="reading tables")
        rows = np.asarray(rows, dtype=np.int64)
        if self.locate is not None:
            return self.locate(rows)
        left_out = np.asarray([row for row, _ in self.malformed], dtype=np.int64)
        if not len(left_out):
            return rows
        # The data row at which each left-out row would have stood, in order.
        slots = left_out - np.arange(len(left_out), dtype=np.int64)
        return rows + np.searchsorted(slots, rows, side="right")

    def file_rows(self) -> Any:  # noqa: ANN401 - a numpy int64 array
        """Return, for each row of ``data``, its 0-based row in the file (numpy int64 array)."""
        np = require("numpy", extra="data", purpose="reading tables")
        rows = len(self.data) if self.locate is not None else self.rows_in - len(self.malformed)
        return self.file_rows_of(np.arange(rows, dtype=np.int64))
